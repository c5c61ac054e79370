import type { Server } from 'node:http'
import Koa from 'koa'
import type { Knex } from 'knex'
import { healthRoutes, type HealthOptions, type VersionInfo } from './health-routes.ts'
import type { AppState } from './state.ts'

export type OpsServer = { port: number; stop: () => Promise<void> }

/**
 * The worker role's own HTTP port (WORKER_HTTP_PORT): the same /healthz, /readyz, /version and
 * /metrics as a web process, and nothing else, for the orchestrator's probe and the scraper.
 */
export const startOpsServer = async (
  options: {
    db: Knex
    version: VersionInfo
    host: string
    port: number
  } & HealthOptions,
): Promise<OpsServer> => {
  const { db, version, host, port, ...health } = options
  const app = new Koa<AppState>()
  app.silent = true
  app.use(healthRoutes(db, version, health).routes())
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s))
    s.once('error', reject)
  })
  const address = server.address()
  return {
    port: typeof address === 'object' && address ? address.port : port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
      }),
  }
}
