import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { buildCard, buildMerchant } from '../test/factories.ts'
import { createLogger } from '../logger.ts'
import { loadConfig } from '../config.ts'
import { adjustBalance } from '../loyalty/commands/adjust-balance.ts'
import { enqueueJob } from './enqueue.ts'
import { jobHandlers } from './handlers.ts'
import { CRONTAB, JOB_NAMES } from './job-names.ts'
import { MissingJobHandlerError, startWorker } from './worker.ts'

const db = useTestDatabase()
const log = createLogger('silent')
const config = loadConfig({ BASE_URL: 'http://localhost' })

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return sourceFiles(full)
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [full] : []
  })

const waitFor = async <T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('the job worker', () => {
  it('refuses to start when a job name has no handler', async () => {
    await expect(
      startWorker({
        connectionString: db.url,
        db: db.knex,
        log,
        config,
        concurrency: 1,
        handlers: {},
      }),
    ).rejects.toThrow(MissingJobHandlerError)
  })

  it('refuses to start without the email:send handler, naming it', async () => {
    const { 'email:send': _missing, ...withoutEmail } = jobHandlers
    const start = startWorker({
      connectionString: db.url,
      db: db.knex,
      log,
      config,
      concurrency: 1,
      handlers: withoutEmail,
    })
    await expect(start).rejects.toThrow(MissingJobHandlerError)
    await expect(start).rejects.toMatchObject({ missing: ['email:send'] })
  })

  it('has a handler for every job the code enqueues or schedules', () => {
    const backend = path.resolve(import.meta.dirname, '..')
    const used = new Set<string>()
    for (const file of sourceFiles(backend)) {
      for (const match of readFileSync(file, 'utf8').matchAll(
        /enqueueJob\(\s*[\w.]+,\s*'([^']+)'/g,
      )) {
        used.add(match[1]!)
      }
    }
    for (const line of CRONTAB) used.add(line.trim().split(/\s+/)[5]!)
    for (const name of used) {
      expect(JOB_NAMES as readonly string[], name).toContain(name)
      expect(jobHandlers, name).toHaveProperty(name)
    }
    expect(Object.keys(jobHandlers).sort()).toEqual([...JOB_NAMES].sort())
  })

  it('enqueues a job only if the surrounding transaction commits', async () => {
    const rolledBack = randomUUID()
    await db.knex
      .transaction(async (trx) => {
        await enqueueJob(trx, 'points:expire', {}, { jobKey: rolledBack })
        throw new Error('abort')
      })
      .catch(() => undefined)
    const committed = randomUUID()
    await db.knex.transaction((trx) => enqueueJob(trx, 'points:expire', {}, { jobKey: committed }))
    const keys = (await db.knex('graphile_worker.jobs').select('key')).map((j) => j.key)
    expect(keys).toContain(committed)
    expect(keys).not.toContain(rolledBack)
    await db.knex.raw('DELETE FROM graphile_worker._private_jobs')
  })

  it('runs the points expiry job: inactive balances expire through the ledger', async () => {
    const merchant = await buildMerchant(db.knex, { programme: { expiry_months: 12 } })
    const idle = await buildCard(db.knex, merchant)
    const active = await buildCard(db.knex, merchant)
    for (const card of [idle, active]) {
      await adjustBalance(db.knex, {
        merchantId: merchant.merchantId,
        cardNumber: card.number,
        clientId: randomUUID(),
        pointsDelta: 120,
        stampsDelta: 0,
        reason: 'setup',
        actor: merchant.actor,
      })
    }
    await db
      .knex('cards')
      .where('id', idle.cardId)
      .update({ last_activity_at: db.knex.raw("now() - interval '13 months'") })

    const runner = await startWorker({
      connectionString: db.url,
      db: db.knex,
      log,
      config,
      concurrency: 1,
      handlers: jobHandlers,
      pollInterval: 100,
    })
    try {
      await enqueueJob(db.knex, 'points:expire', {})
      const expired = await waitFor(() =>
        db.knex('ledger_entries').where({ card_id: idle.cardId, type: 'expire' }).first(),
      )
      expect(expired).toMatchObject({
        points_delta: -120,
        points_balance_after: 0,
        reason: 'inactivity',
      })
      await waitFor(async () =>
        (await db.knex('graphile_worker.jobs').count({ n: '*' }).first())?.n === 0
          ? true
          : undefined,
      )
    } finally {
      await runner.stop()
    }
    expect((await db.knex('cards').where('id', active.cardId).first()).points_balance).toBe(120)
    expect((await db.knex('cards').where('id', idle.cardId).first()).points_balance).toBe(0)
  })

  it('keeps a failed job with its error and schedules a retry with backoff', async () => {
    const runner = await startWorker({
      connectionString: db.url,
      db: db.knex,
      log,
      config,
      concurrency: 1,
      pollInterval: 100,
      handlers: {
        ...jobHandlers,
        'points:expire': async () => {
          throw new Error('simulated outage')
        },
      },
    })
    try {
      const startedAt = Date.now()
      const id = await enqueueJob(db.knex, 'points:expire', {}, { maxAttempts: 5 })
      const job = await waitFor(async () => {
        const row = await db.knex('graphile_worker.jobs').where('id', id).first()
        return row?.attempts === 1 && row.last_error ? row : undefined
      })
      expect(job.last_error).toMatch(/simulated outage/)
      // Retried later (graphile-worker: e^attempts seconds), however slow this machine was.
      expect(job.run_at.getTime()).toBeGreaterThan(startedAt + 2_000)
    } finally {
      await runner.stop()
    }
  })
})
