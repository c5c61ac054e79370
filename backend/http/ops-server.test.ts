import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { createMetrics } from './metrics.ts'
import { startOpsServer, type OpsServer } from './ops-server.ts'

// The worker role's port: the web role's health routes and metrics, and nothing else.

const db = useTestDatabase()
let alive = true
let ops: OpsServer
let url = ''

beforeAll(async () => {
  ops = await startOpsServer({
    db: db.knex,
    version: { version: '1.2.3', commit: 'abc' },
    host: '127.0.0.1',
    port: 0,
    metrics: createMetrics(db.knex),
    alive: () => alive,
  })
  url = `http://127.0.0.1:${ops.port}`
})
afterAll(() => ops.stop())

describe('the operations server (WORKER_HTTP_PORT)', () => {
  it('answers /healthz, /readyz, /version and /metrics', async () => {
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' })
    expect(await (await fetch(`${url}/readyz`)).json()).toMatchObject({ status: 'ready' })
    expect(await (await fetch(`${url}/version`)).json()).toEqual({
      version: '1.2.3',
      commit: 'abc',
    })
    const metrics = await (await fetch(`${url}/metrics`)).text()
    expect(metrics).toContain('# TYPE rewardflow_jobs gauge')
    expect(metrics).toContain('# TYPE rewardflow_job_failures_total counter')
    expect((await fetch(`${url}/api/v1/openapi.json`)).status).toBe(404)
  })

  it('fails its liveness probe once the process says it is not alive (a stopped job runner)', async () => {
    alive = false
    try {
      const health = await fetch(`${url}/healthz`)
      expect(health.status).toBe(503)
      expect(await health.json()).toEqual({ status: 'failing' })
    } finally {
      alive = true
    }
  })
})
