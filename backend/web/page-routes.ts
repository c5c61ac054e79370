import { bodyParser } from '@koa/bodyparser'
import compose from 'koa-compose'
import type { Knex } from 'knex'
import type { Middleware } from 'koa'
import type { Config } from '../config.ts'
import type { AppState } from '../http/state.ts'
import { siteContext, mountSite, type SiteAppState } from './site/site-context.ts'
import { sessionMiddleware } from './sessions/session-middleware.ts'
import { csrfProtection } from './sessions/csrf.ts'
import { webAuthSettings } from '../accounts/settings.ts'
import { pageLanguage } from './pages/page-language.ts'
import Router from '@koa/router'
import { requireSession, type LoginUrlBuilder } from './sessions/require-session.ts'
import { isAppError } from '../errors.ts'
import type { Audience } from '../accounts/settings.ts'
import { loginUrlOf } from './pages/login-url.ts'
import { mountPages, type PageRoute } from './pages/page-route.ts'
import { multipartForms } from './pages/multipart-form.ts'
import { LOGO_MAX_BYTES } from '../tenancy/store-logo.ts'
import { MEMBER_IMPORT_MAX_BYTES } from '../imports/member-import-file.ts'
import { refuseNulCharacters } from '../http/nul-characters.ts'

type Step<S> = compose.Middleware<Parameters<Middleware<S>>[0]>

/** Runs middleware in order: Koa's own stack (koa-compose). */
const chain = <S>(...steps: Step<S>[]): Middleware<S> => compose(steps)

/**
 * A form sent from a page whose session has since ended carries that session's CSRF token:
 * the browser goes to the login page (and back to the form's page after), not to a 403.
 */
const csrfOrLogin =
  (
    csrf: Step<SiteAppState>,
    audienceOf: (path: string) => Audience | null,
    loginUrl: LoginUrlBuilder,
  ): Step<SiteAppState> =>
  async (ctx, next) => {
    try {
      return await csrf(ctx, next)
    } catch (error) {
      const audience = audienceOf(ctx.path)
      if (!isAppError(error) || error.code !== 'CSRF_TOKEN_INVALID') throw error
      if (!ctx.state.sessionExpired || !audience) throw error
      return requireSession(audience, loginUrl)(ctx, next as () => Promise<void>)
    }
  }

const staffLoginUrl: LoginUrlBuilder = (ctx, next) =>
  loginUrlOf(ctx.path.startsWith('/admin') ? 'admin' : 'merchant')(ctx, next)

/** The pages of each kind of site, as the surfaces declare them (backend/app.ts). */
export type SitePages = {
  /** Storefront pages: served on every store's host forms. */
  store: PageRoute[]
  /** Merchant and admin pages: served on the platform's host. */
  platform: PageRoute[]
}

/**
 * The pages, after the API: forms parsed, the site resolved (store or platform), the session of
 * the site's audience loaded, the page language chosen, CSRF checked; then the storefront
 * routers on stores and the merchant and admin routers on the platform.
 */
export const pageStack = (db: Knex, config: Config, pages: SitePages): Middleware<AppState> => {
  const settings = webAuthSettings(config)
  const routers = (routes: PageRoute[]) => {
    const router = mountPages(new Router<SiteAppState>(), routes)
    return [
      router.routes() as unknown as Step<SiteAppState>,
      router.allowedMethods() as unknown as Step<SiteAppState>,
    ]
  }
  const csrf = csrfProtection(db, { secret: config.sessions.secret }) as Step<SiteAppState>
  const forStores = chain<SiteAppState>(
    sessionMiddleware(db, { audience: 'customer', settings }) as Step<SiteAppState>,
    pageLanguage(),
    csrfOrLogin(csrf, () => 'customer', loginUrlOf('storefront')),
    ...routers(pages.store),
  )
  // Merchant pages under /merchant, admin pages under /admin: each with its own session cookie.
  const forPlatform = chain<SiteAppState>(
    sessionMiddleware(db, { audience: 'merchant', settings }) as Step<SiteAppState>,
    sessionMiddleware(db, { audience: 'admin', settings }) as Step<SiteAppState>,
    // Forms with a file (a store's logo, a member import): staff only, the file at most
    // LOGO_MAX_BYTES, a member import's CSV at most MEMBER_IMPORT_MAX_BYTES.
    multipartForms({
      fileBytes: (path) =>
        path.endsWith('/merchant/imports') ? MEMBER_IMPORT_MAX_BYTES : LOGO_MAX_BYTES,
      fieldBytes: 16 * 1024,
      fields: 40,
    }) as Step<SiteAppState>,
    // A multipart form's fields are parsed only now: NUL is refused in them as in any form.
    refuseNulCharacters() as Step<SiteAppState>,
    pageLanguage(),
    csrfOrLogin(
      csrf,
      (path) =>
        path.startsWith('/admin') ? 'admin' : path.startsWith('/merchant') ? 'merchant' : null,
      staffLoginUrl,
    ),
    ...routers(pages.platform),
  )
  return chain<AppState>(
    bodyParser({ enableTypes: ['form'], formLimit: '64kb', encoding: 'utf-8' }) as Step<AppState>,
    refuseNulCharacters() as Step<AppState>,
    siteContext(db, config) as unknown as Step<AppState>,
    mountSite('store', forStores) as unknown as Step<AppState>,
    mountSite('platform', forPlatform) as unknown as Step<AppState>,
  )
}
