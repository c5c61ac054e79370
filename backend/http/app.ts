import Koa from 'koa'
import Router from '@koa/router'
import { bodyParser } from '@koa/bodyparser'
import type { Knex } from 'knex'
import type { Logger } from '../logger.ts'
import type { AppState } from './state.ts'
import { requestContext } from './request-context.ts'
import { errorHandler } from './error-handler.ts'
import { healthRoutes, type VersionInfo } from './health-routes.ts'
import { buildOpenApi, mountRoutes, type ApiRoute } from './api-route.ts'
import { apiKeyAuth } from '../api-keys/api-keys.ts'
import { loyaltyRoutes } from '../loyalty/routes.ts'
import { kioskPairingRoutes, kioskSyncRoutes } from '../kiosks/routes.ts'
import { deviceAuth } from '../kiosks/device-auth.ts'
import { createMetrics, measureRequests, type Metrics } from './metrics.ts'
import type { Config } from '../config.ts'
import { htmlNoCache } from '../web/assets/html-cache.ts'
import { compressPages } from '../web/assets/compress-pages.ts'
import { serveAssets } from '../web/assets/serve-assets.ts'
import { pageRoutes } from '../web/page-routes.ts'

export type AppDeps = {
  db: Knex
  log: Logger
  version: VersionInfo
  baseUrl: string
  /** The whole configuration: the pages need routing, session and proxy settings. */
  config: Config
  metrics?: Metrics
}

/** Every JSON API route, in one list: mounted, documented and isolation-tested from here. */
export const apiRoutes = (db: Knex): ApiRoute[] => [...loyaltyRoutes(db)]

/** The web application: health, the JSON API under /api/v1, the built assets, and the pages. */
export const createApp = ({
  db,
  log,
  version,
  baseUrl,
  config,
  metrics = createMetrics(db),
}: AppDeps) => {
  const app = new Koa<AppState>({ proxy: config.trustProxy })
  app.silent = true
  app.use(requestContext(log))
  app.use(measureRequests(metrics))
  app.use(compressPages())
  app.use(htmlNoCache())
  app.use(errorHandler())
  app.use(serveAssets())

  const health = healthRoutes(db, version)
  health.get('/metrics', async (ctx) => {
    ctx.type = metrics.registry.contentType
    ctx.body = await metrics.registry.metrics()
  })
  app.use(health.routes())

  const routes = apiRoutes(db)
  const pairing = kioskPairingRoutes(db)
  const sync = kioskSyncRoutes(db)
  const openApi = buildOpenApi([...routes, ...pairing, ...sync], {
    version: version.version,
    serverUrl: baseUrl,
  })
  const api = new Router<AppState>({ prefix: '/api/v1' })
  api.get('/openapi.json', (ctx) => {
    ctx.body = openApi
  })
  api.use(bodyParser({ enableTypes: ['json'], jsonLimit: '2mb', encoding: 'utf-8' }))
  mountRoutes(api, routes, apiKeyAuth(db))
  mountRoutes(api, pairing, (_ctx, next) => next())
  mountRoutes(api, sync, deviceAuth(db))
  app.use(api.routes())
  app.use(api.allowedMethods({ throw: true }))
  // Everything else is a page: storefront, merchant or admin, by host and path.
  app.use(pageRoutes(db, config))
  return app
}
