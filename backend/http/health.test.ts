import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { enqueueJob } from '../jobs/enqueue.ts'

const db = useTestDatabase()
let app: TestApp

beforeAll(async () => {
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())

describe('operability endpoints', () => {
  it('answers /healthz and /version', async () => {
    expect((await app.request('GET', '/healthz')).body).toEqual({ status: 'ok' })
    expect((await app.request('GET', '/version')).body).toEqual({
      version: '0.0.0-test',
      commit: 'test',
    })
  })

  it('is ready only while the database is reachable and its migrations are current', async () => {
    const ready = await app.request('GET', '/readyz')
    expect(ready.status).toBe(200)
    expect(ready.body.checks).toEqual({ database: 'ok', migrations: 'ok' })
    const [last] = await db.knex('knex_migrations').orderBy('id', 'desc').limit(1)
    await db.knex('knex_migrations').where('id', last.id).delete()
    try {
      const pending = await app.request('GET', '/readyz')
      expect(pending.status).toBe(503)
      expect(pending.body.checks.migrations).toContain(last.name)
    } finally {
      await db.knex('knex_migrations').insert(last)
    }
  })

  it('exposes Prometheus metrics: request latency by route and the job queue by state', async () => {
    await enqueueJob(db.knex, 'points:expire', {})
    await app.request('GET', '/healthz')
    const metrics = await app.request('GET', '/metrics', { headers: { accept: 'text/plain' } })
    expect(metrics.status).toBe(200)
    expect(metrics.body).toMatch(
      /rewardflow_http_request_duration_seconds_count\{[^}]*route="\/healthz"/,
    )
    expect(metrics.body).toMatch(/rewardflow_jobs\{task="points:expire",state="waiting"\} 1/)
    expect(metrics.body).toContain('process_cpu_user_seconds_total')
  })

  it('answers unknown paths with a localized HTML page for browsers and JSON for the API', async () => {
    const page = await app.request('GET', '/no-such-page', {
      headers: { accept: 'text/html', 'accept-language': 'lb' },
    })
    expect(page.status).toBe(404)
    expect(page.body).toContain('<html lang="lb">')
    const api = await app.request('GET', '/api/v1/no-such-thing')
    expect(api.status).toBe(404)
    expect(api.body.error.code).toBe('NOT_FOUND')
  })
})
