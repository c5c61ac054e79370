import Router from '@koa/router'
import type { Knex } from 'knex'
import type { AppState } from '../../http/state.ts'
import { createSiteResolver, type SiteConfig } from './resolve-site.ts'
import { tlsAllowed } from './tls-allowed.ts'

/**
 * GET /internal/tls-allowed?domain=<host>: 200 when RewardFlow serves that host (the TLS proxy
 * may get a certificate for it), 404 otherwise. For the proxy on the private network only: the
 * public proxy blocks /internal/ (deploy/caddy/Caddyfile, docs/deploying.md).
 */
export const tlsAskRoutes = (db: Knex, config: SiteConfig) => {
  const resolver = createSiteResolver(db, config)
  const router = new Router<AppState>()
  router.get('/internal/tls-allowed', async (ctx) => {
    const domain = typeof ctx.query.domain === 'string' ? ctx.query.domain : ''
    const allowed = domain !== '' && (await tlsAllowed(db, resolver, config.baseUrl, domain))
    ctx.status = allowed ? 200 : 404
    ctx.body = { allowed }
  })
  return router
}
