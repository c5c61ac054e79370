import Router from '@koa/router'
import type { Knex } from 'knex'
import { checkReadiness } from '../db/readiness.ts'
import type { Metrics } from './metrics.ts'
import type { AppState } from './state.ts'

export type VersionInfo = { version: string; commit: string | null }

export type HealthOptions = {
  /** Prometheus text at /metrics. */
  metrics?: Metrics
  /** Liveness beyond "the process answers" (a worker: its job runner still runs). */
  alive?: () => boolean
  /** The process is stopping: not ready, whatever the database says (the balancer drains it). */
  draining?: () => boolean
}

/** Liveness, readiness (database reachable, schema current), build identity and metrics. */
export const healthRoutes = (db: Knex, version: VersionInfo, options: HealthOptions = {}) => {
  const router = new Router<AppState>()
  router.get('/healthz', (ctx) => {
    const alive = options.alive?.() ?? true
    ctx.status = alive ? 200 : 503
    ctx.body = { status: alive ? 'ok' : 'failing' }
  })
  router.get('/readyz', async (ctx) => {
    if (options.draining?.()) {
      ctx.status = 503
      ctx.body = { status: 'draining' }
      return
    }
    const checks = await checkReadiness(db)
    const ready = checks.database === 'ok' && checks.migrations === 'ok'
    ctx.status = ready ? 200 : 503
    ctx.body = { status: ready ? 'ready' : 'not_ready', checks }
  })
  router.get('/version', (ctx) => {
    ctx.body = version
  })
  const { metrics } = options
  if (metrics)
    router.get('/metrics', async (ctx) => {
      ctx.type = metrics.registry.contentType
      ctx.body = await metrics.registry.metrics()
    })
  return router
}
