import Koa from 'koa'
import Router from '@koa/router'
import { bodyParser } from '@koa/bodyparser'
import type { Knex } from 'knex'
import type { Logger } from './logger.ts'
import type { AppState } from './http/state.ts'
import { requestContext } from './http/request-context.ts'
import { errorHandler } from './http/error-handler.ts'
import { securityHeaders } from './http/security-headers.ts'
import { healthRoutes, type VersionInfo } from './http/health-routes.ts'
import { buildOpenApi, mountRoutes, type ApiRoute } from './http/api-route.ts'
import { bearerAuthentication } from './http/bearer-auth.ts'
import { apiOnly } from './http/api-only.ts'
import { mountApiDocs, swaggerUiAssets } from './web/api-docs.ts'
import { createMetrics, measureRequests, type Metrics } from './http/metrics.ts'
import { tlsAskRoutes } from './web/site/tls-routes.ts'
import { apiKeyVerifier } from './api-keys/api-keys.ts'
import { apiKeyRateLimit } from './api-keys/api-key-rate-limit.ts'
import { requestLimits } from './security/request-limits.ts'
import compose from 'koa-compose'
import { programmeRoutes } from './loyalty/programme-routes.ts'
import { loyaltyRoutes } from './loyalty/routes.ts'
import { kioskPairingRoutes, kioskSyncRoutes } from './kiosks/routes.ts'
import { staffRoutes } from './kiosks/staff-routes.ts'
import { categoryRoutes } from './loyalty/category-routes.ts'
import { storeRoutes } from './tenancy/store-routes.ts'
import { customerRoutes } from './loyalty/customer-routes.ts'
import { reviewRoutes } from './kiosks/review-routes.ts'
import { alertRoutes } from './alerts/alert-routes.ts'
import { exportRoutes } from './exports/export-routes.ts'
import { webhookRoutes } from './webhooks/webhook-routes.ts'
import { deviceVerifier } from './kiosks/device-auth.ts'
import type { Config } from './config.ts'
import { htmlNoCache } from './web/assets/html-cache.ts'
import { compressPages } from './web/assets/compress-pages.ts'
import { serveAssets } from './web/assets/serve-assets.ts'
import { serveLogos } from './web/assets/serve-logos.ts'
import { pageStack, type SitePages } from './web/page-routes.ts'
import { storefrontRoutes } from './storefront/routes.tsx'
import { storefrontAuthRoutes } from './storefront/auth-routes.tsx'
import { accountRoutes } from './storefront/account-routes.tsx'
import { googleWalletSaveRoutes } from './storefront/google-wallet-routes.ts'
import { merchantPages } from './merchant/routes.tsx'
import type { DomainResolver } from './tenancy/domain-check.ts'
import { adminPages } from './admin/routes.tsx'
import { appleWalletServiceRoutes } from './wallet/apple/web-service-routes.ts'

export type AppDeps = {
  db: Knex
  log: Logger
  version: VersionInfo
  baseUrl: string
  /** The whole configuration: the pages need routing, session and proxy settings. */
  config: Config
  metrics?: Metrics
  /** True once the process is stopping: /readyz answers 503 (the load balancer drains it). */
  draining?: () => boolean
  /** How the admin's custom-domain check asks DNS (node:dns unless a test answers locally). */
  domainResolver?: DomainResolver
}

/**
 * Every JSON API route, in one list: mounted, documented, isolation-tested and checked against
 * the policies from here.
 */
export const apiRoutes = (db: Knex, config: Config): ApiRoute[] => [
  ...loyaltyRoutes(db),
  ...kioskPairingRoutes(db),
  ...kioskSyncRoutes(db),
  ...programmeRoutes(db),
  ...staffRoutes(db),
  ...categoryRoutes(db),
  ...storeRoutes(db),
  ...customerRoutes(db),
  ...reviewRoutes(db),
  ...alertRoutes(db),
  ...exportRoutes(db),
  ...webhookRoutes(db, config),
]

/** Every page, in one list per kind of site: mounted and checked against the policies from here. */
export const pageRoutes = (
  db: Knex,
  config: Config,
  deps: Pick<AppDeps, 'domainResolver'> = {},
): SitePages => ({
  store: [
    ...storefrontRoutes(db, config),
    ...storefrontAuthRoutes(db, config),
    ...accountRoutes(db, config),
    ...googleWalletSaveRoutes(db, config),
  ],
  platform: [...merchantPages(db, config), ...adminPages(db, config, deps)],
})

const API_PREFIX = '/api/v1'

/** The web application: health, the JSON API under /api/v1, the built assets, and the pages. */
export const createApp = ({
  db,
  log,
  version,
  baseUrl,
  config,
  metrics = createMetrics(db),
  draining,
  domainResolver,
}: AppDeps) => {
  const app = new Koa<AppState>({ proxy: config.trustProxy })
  app.silent = true
  app.use(requestContext(log))
  app.use(measureRequests(metrics))
  app.use(securityHeaders())
  app.use(compressPages())
  app.use(htmlNoCache())
  app.use(errorHandler())
  app.use(serveAssets())
  app.use(serveLogos(db))

  app.use(healthRoutes(db, version, { metrics, draining }).routes())
  app.use(tlsAskRoutes(db, config).routes())

  const routes = apiRoutes(db, config)
  const openApi = buildOpenApi(routes, {
    version: version.version,
    serverUrl: baseUrl,
  })
  const api = new Router<AppState>({ prefix: API_PREFIX })
  api.get('/openapi.json', (ctx) => {
    ctx.body = openApi
  })
  mountApiDocs(api, API_PREFIX, '/openapi.json')
  app.use(swaggerUiAssets(API_PREFIX))
  api.use(bodyParser({ enableTypes: ['json'], jsonLimit: '2mb', encoding: 'utf-8' }))
  // Who is calling, then (for an API key) one request more on its count.
  const authenticate = compose([
    bearerAuthentication([apiKeyVerifier(db), deviceVerifier(db)]),
    apiKeyRateLimit(db, requestLimits(config).apiKey),
  ])
  mountRoutes(api, routes, authenticate)
  app.use(apiOnly(api))
  // Apple's pass web service: its own protocol and authentication (ApplePass tokens), no pages.
  app.use(appleWalletServiceRoutes(db, config).routes())
  // Everything else is a page: storefront, merchant or admin, by host and path.
  app.use(pageStack(db, config, pageRoutes(db, config, { domainResolver })))
  return app
}
