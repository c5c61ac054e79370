import Router from '@koa/router'
import type { Knex } from 'knex'
import { checkReadiness } from '../db/readiness.ts'
import type { AppState } from './state.ts'

export type VersionInfo = { version: string; commit: string | null }

/** Liveness, readiness (database reachable, schema current) and build identity. */
export const healthRoutes = (db: Knex, version: VersionInfo) => {
  const router = new Router<AppState>()
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' }
  })
  router.get('/readyz', async (ctx) => {
    const checks = await checkReadiness(db)
    const ready = checks.database === 'ok' && checks.migrations === 'ok'
    ctx.status = ready ? 200 : 503
    ctx.body = { status: ready ? 'ready' : 'not_ready', checks }
  })
  router.get('/version', (ctx) => {
    ctx.body = version
  })
  return router
}
