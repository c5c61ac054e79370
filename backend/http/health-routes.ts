import Router from '@koa/router'
import type { Knex } from 'knex'
import { pendingMigrations } from '../db/migrate.ts'
import type { AppState } from './state.ts'

export type VersionInfo = { version: string; commit: string | null }

/** Liveness, readiness (database reachable, schema current) and build identity. */
export const healthRoutes = (db: Knex, version: VersionInfo) => {
  const router = new Router<AppState>()
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' }
  })
  router.get('/readyz', async (ctx) => {
    const checks: Record<string, string> = {}
    try {
      await db.raw('SELECT 1')
      checks.database = 'ok'
      const pending = await pendingMigrations(db)
      checks.migrations = pending.length === 0 ? 'ok' : `pending: ${pending.join(', ')}`
    } catch (error) {
      checks.database ??= `unreachable: ${(error as Error).message}`
    }
    const ready = Object.values(checks).every((v) => v === 'ok') && Object.keys(checks).length === 2
    ctx.status = ready ? 200 : 503
    ctx.body = { status: ready ? 'ready' : 'not_ready', checks }
  })
  router.get('/version', (ctx) => {
    ctx.body = version
  })
  return router
}
