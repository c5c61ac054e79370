import type { Knex } from 'knex'
import type { DefaultContext, Middleware } from 'koa'
import { AppError } from '../../errors.ts'
import { findStoreById } from '../../tenancy/queries/find-store-tenancy.ts'
import type { AppState } from '../../http/state.ts'
import { createSiteResolver, type SiteConfig, type SiteResolver } from './resolve-site.ts'
import type { Site } from './site.ts'
import { urlsForSite, type SiteUrls } from './urls.ts'

declare module '../../http/state.ts' {
  interface AppState {
    /** The store or platform of a page request (set by siteContext; see SiteAppState). */
    site?: Site
  }
}

export type SiteState = {
  site: Site
  /** The path without `/s/<code>` on the path form (`/join`), else the request path. */
  sitePath: string
  /** The one URL builder of this request. */
  urls: SiteUrls
}

/** The state of page routers mounted after `siteContext`. */
export type SiteAppState = AppState & SiteState

/**
 * The site with its store row read now: the resolver remembers which store a host or path
 * names for a few seconds, but a store's name, logo, colour and texts show on the next page
 * after the merchant saves them, whichever web process serves it (one primary-key read).
 */
const withFreshStore = async (db: Knex, site: Site): Promise<Site> => {
  if (site.kind !== 'store') return site
  const fresh = await findStoreById(db, site.store.id)
  if (!fresh) throw new AppError('STORE_NOT_FOUND')
  const { merchant_status: merchantStatus, ...store } = fresh
  // Read now, not from the resolver's cache: a suspension or a reactivation shows at once.
  if (merchantStatus === 'suspended') throw new AppError('MERCHANT_SUSPENDED')
  if (!store.active) throw new AppError('STORE_CLOSED')
  return { ...site, store }
}

/**
 * Resolves the request's site (store or platform) and sets `ctx.state.site`, `sitePath` and
 * `urls`. An unknown store answers 404 STORE_NOT_FOUND (an unusable host NOT_FOUND), a closed
 * store STORE_CLOSED, a suspended merchant's MERCHANT_SUSPENDED ("programme paused"), through
 * the error handler, so the customer gets a localized page.
 * Mount it after the API and health routes: only pages need a site.
 */
export const siteContext = (
  db: Knex,
  config: SiteConfig,
  resolver: SiteResolver = createSiteResolver(db, config),
): Middleware<SiteAppState> => {
  return async (ctx, next) => {
    const socket = ctx.req.socket
    const resolution = await resolver.resolve({
      headers: ctx.req.headers,
      encrypted: 'encrypted' in socket && socket.encrypted === true,
      path: ctx.path,
    })
    if (!resolution.found) {
      const store = resolution.reason === 'unknown-store'
      throw new AppError(store ? 'STORE_NOT_FOUND' : 'NOT_FOUND')
    }
    ctx.state.site = await withFreshStore(db, resolution.site)
    ctx.state.sitePath = resolution.path
    ctx.state.urls = urlsForSite(resolution.site, resolution.origin, config)
    await next()
  }
}

/**
 * Runs `middleware` (typically a router's `routes()`) only on sites of `kind`; it sees
 * `ctx.path` without the `/s/<code>` prefix, so a storefront router declares `/join` once for
 * every host form. Merchant and admin routers mount with 'platform' and so never answer on a
 * store's domain.
 */
export const mountSite =
  <C = DefaultContext>(
    kind: Site['kind'],
    middleware: Middleware<SiteAppState, C>,
  ): Middleware<SiteAppState, C> =>
  async (ctx, next) => {
    if (ctx.state.site.kind !== kind) return next()
    const original = ctx.path
    const sitePath = ctx.state.sitePath
    if (sitePath === original) return middleware(ctx, next)
    // Like koa-mount: the inner middleware sees the site path; whatever runs after it, and the
    // access log, see the real one.
    ctx.path = sitePath
    try {
      await middleware(ctx, async () => {
        ctx.path = original
        try {
          await next()
        } finally {
          ctx.path = sitePath
        }
      })
    } finally {
      ctx.path = original
    }
  }
