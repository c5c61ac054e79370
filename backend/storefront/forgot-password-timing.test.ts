import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { DEMO, seedDemoData } from '../seed/demo-seed.ts'
import { TestBrowser } from '../test/test-web-app.ts'
import { runPasswordResetJobs } from '../test/queued-jobs.ts'
import { runPasswordResetJob } from '../accounts/password-reset-job.ts'
import { webAuthSettings } from '../accounts/settings.ts'
import { loadConfig } from '../config.ts'

// Forgot-password must not tell who has an account by how long it takes: a known and an
// unknown address cost the request the same work (a job decides, in the worker). The old page
// created the token and queued the email in the request for a known address only: ~12 ms
// against ~6 ms (median of 20), which this test refuses.

const db = useTestDatabase()
let app: TestApp

const ROUNDS = 20
const KNOWN = 'luc.weber@example.lu'
const UNKNOWN = 'nobody.at.all@example.lu'

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length / 2
  return (sorted[Math.floor(middle - 0.5)]! + sorted[Math.ceil(middle - 0.5)]!) / 2
}

describe('forgot password', () => {
  it('takes as long for an unknown address as for a known one (median of 20 each)', async () => {
    expect(
      await db
        .knex('customers')
        .where({ merchant_id: DEMO.fashion.merchantId, email: KNOWN })
        .first(),
    ).toBeDefined()
    const browser = new TestBrowser(`${app.url}/s/fashionhub`, { 'accept-language': 'en' })
    await browser.get('/password/forgot')
    const timeOne = async (email: string) => {
      // The rate limits would refuse the 4th request for one address: each request starts fresh.
      await db.knex('rate_limits').delete()
      const started = performance.now()
      const answer = await browser.post('/password/forgot', { email })
      const took = performance.now() - started
      expect(answer.status).toBe(303)
      return took
    }
    // Warm-up (connections, caches), then alternating, so drift hits both alike.
    for (let i = 0; i < 3; i++) {
      await timeOne(KNOWN)
      await timeOne(UNKNOWN)
    }
    const measure = async () => {
      const known: number[] = []
      const unknown: number[] = []
      for (let i = 0; i < ROUNDS; i++) {
        known.push(await timeOne(KNOWN))
        unknown.push(await timeOne(UNKNOWN))
      }
      const [knownMs, unknownMs] = [median(known), median(unknown)]
      // The old page's known address took twice as long; the build machines are shared and
      // loaded, so the tolerance is 40% of the faster median (3 ms at least), and a measurement
      // that misses it is taken again, twice at most: the old difference misses it every time.
      const within = Math.abs(knownMs - unknownMs) < Math.max(3, 0.4 * Math.min(knownMs, unknownMs))
      return { within, said: `known ${knownMs.toFixed(2)} ms, unknown ${unknownMs.toFixed(2)} ms` }
    }
    const measured: string[] = []
    let attempts = 0
    for (; attempts < 3; attempts++) {
      const { within, said } = await measure()
      measured.push(said)
      if (within) break
    }
    expect(attempts, measured.join('; ')).toBeLessThan(3)

    // And the work still gets done: one job per request, an email only for the known address.
    await runPasswordResetJobs(db.knex)
    const emails = await db
      .knex('outbound_emails')
      .whereIn('to_address', [KNOWN, UNKNOWN])
      .pluck('to_address')
    expect(emails.length).toBe(3 + ROUNDS * (attempts + 1))
    expect(new Set(emails)).toEqual(new Set([KNOWN]))
  }, 60_000)

  it('sends the link once even when the job runs again (after a crash)', async () => {
    const settings = webAuthSettings(
      loadConfig({ ...process.env, BASE_URL: 'http://localhost', DATABASE_URL: undefined }),
    )
    const job = {
      merchant_id: DEMO.fashion.merchantId,
      store_id: (await db.knex('stores').where({ code: 'FASHIONHUB' }).first('id')).id,
      store_name: 'Fashion Hub',
      email: KNOWN,
      ip: '127.0.0.1',
      token: 'a-token-made-by-the-request',
      reset_url: 'http://localhost/s/fashionhub/password/reset/a-token-made-by-the-request',
      requested_at: new Date().toISOString(),
    }
    const first = await runPasswordResetJob(db.knex, settings, job)
    expect(first).not.toBeNull()
    expect(await runPasswordResetJob(db.knex, settings, job)).toBeNull()
    const emails = await db
      .knex('outbound_emails')
      .whereRaw("variables->>'reset_url' = ?", [job.reset_url])
      .select('to_address')
    expect(emails).toEqual([{ to_address: KNOWN }])
    expect(
      await runPasswordResetJob(db.knex, settings, { ...job, email: UNKNOWN, token: 'other' }),
    ).toBeNull()
  })
})
