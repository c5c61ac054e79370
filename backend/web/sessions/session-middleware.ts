import type { Knex } from 'knex'
import type { Middleware } from 'koa'
import type { AppContext, AppState } from '../../http/state.ts'
import type {
  AccountOf,
  SessionAdmin,
  SessionCustomer,
  SessionMerchantUser,
} from '../../accounts/accounts.ts'
import { loadAccount } from '../../accounts/queries/load-account.ts'
import { warmUpDummyHash } from '../../accounts/passwords.ts'
import { destroySession, findSession, type CreatedSession } from '../../accounts/session-store.ts'
import type { Audience, WebAuthSettings } from '../../accounts/settings.ts'

declare module '../../http/state.ts' {
  interface AppState {
    /** The web session of this surface, when signed in (set by sessionMiddleware). */
    session?: SessionState
    /** A session cookie was sent but its session had ended (idle, absolute, logged out). */
    sessionExpired?: boolean
    customer?: SessionCustomer
    merchantUser?: SessionMerchantUser
    admin?: SessionAdmin
  }
}

/** What pages see of the current session (`ctx.state.session`); never the token itself. */
export type SessionState = {
  id: string
  audience: Audience
  csrfToken: string
  createdAt: Date
  idleExpiresAt: Date
  absoluteExpiresAt: Date
}

/** One cookie per audience: signing in as an admin does not touch a merchant session. */
export const SESSION_COOKIES = {
  customer: 'rf_session',
  merchant: 'rf_merchant_session',
  admin: 'rf_admin_session',
} as const satisfies Record<Audience, string>

/**
 * Where each cookie is sent. A customer's cookie stays within its store (on the path form,
 * /s/<code>; on a store's own host, the whole host), so two storefronts on one host never
 * share a session; merchant and admin cookies only go to their pages (backend/web/site/pages.ts).
 */
export const defaultCookiePath = (ctx: AppContext, audience: Audience): string => {
  if (audience === 'merchant') return '/merchant'
  if (audience === 'admin') return '/admin'
  const site = ctx.state.site
  return site?.kind === 'store' && site.prefix ? site.prefix : '/'
}

export type CookieOptions = { cookiePath?: (ctx: AppContext) => string }

const cookiePathOf = (ctx: AppContext, audience: Audience, options: CookieOptions) =>
  options.cookiePath?.(ctx) ?? defaultCookiePath(ctx, audience)

// Tokens are random and checked against the database: Koa's signed cookies (app.keys) would
// add nothing, so `signed: false` keeps them working whether or not the app sets keys.

/** The session cookie the browser sent for `audience` (live or not). */
export const sessionCookieToken = (ctx: AppContext, audience: Audience): string | undefined =>
  ctx.cookies.get(SESSION_COOKIES[audience], { signed: false }) || undefined

/**
 * Sets the session cookie: HttpOnly, SameSite=Lax, Secure when the request is HTTPS (as Koa
 * sees it, i.e. X-Forwarded-Proto only when the app trusts its proxy). Customers keep theirs
 * until the absolute end; staff cookies end with the browser.
 */
export const setSessionCookie = (
  ctx: AppContext,
  session: Pick<CreatedSession, 'audience' | 'token' | 'absoluteExpiresAt'>,
  options: CookieOptions = {},
) => {
  ctx.cookies.set(SESSION_COOKIES[session.audience], session.token, {
    httpOnly: true,
    signed: false,
    sameSite: 'lax',
    secure: ctx.secure,
    path: cookiePathOf(ctx, session.audience, options),
    overwrite: true,
    ...(session.audience === 'customer' ? { expires: session.absoluteExpiresAt } : {}),
  })
}

export const clearSessionCookie = (
  ctx: AppContext,
  audience: Audience,
  options: CookieOptions = {},
) => {
  ctx.cookies.set(SESSION_COOKIES[audience], null, {
    httpOnly: true,
    signed: false,
    sameSite: 'lax',
    secure: ctx.secure,
    path: cookiePathOf(ctx, audience, options),
    overwrite: true,
  })
}

const setAccount = <A extends Audience>(ctx: AppContext, audience: A, account: AccountOf[A]) => {
  if (audience === 'customer') ctx.state.customer = account as AccountOf['customer']
  else if (audience === 'merchant') ctx.state.merchantUser = account as AccountOf['merchant']
  else ctx.state.admin = account as AccountOf['admin']
}

/** After a successful login command: sets the new session's cookie and this request's state. */
export const signIn = <A extends Audience>(
  ctx: AppContext,
  login: { session: CreatedSession & { audience: A }; account: AccountOf[A] },
  options: CookieOptions = {},
) => {
  const { session } = login
  setSessionCookie(ctx, session, options)
  ctx.state.session = {
    id: session.id,
    audience: session.audience,
    csrfToken: session.csrfToken,
    createdAt: session.createdAt,
    idleExpiresAt: session.idleExpiresAt,
    absoluteExpiresAt: session.absoluteExpiresAt,
  }
  ctx.state.sessionExpired = false
  setAccount(ctx, session.audience, login.account)
}

/** Logout: destroys the session behind the cookie (if any) and clears the cookie. */
export const signOut = async (
  db: Knex,
  ctx: AppContext,
  audience: Audience,
  options: CookieOptions = {},
): Promise<void> => {
  const token = sessionCookieToken(ctx, audience)
  if (token) await destroySession(db, { token })
  clearSessionCookie(ctx, audience, options)
  ctx.state.session = undefined
  ctx.state.customer = undefined
  ctx.state.merchantUser = undefined
  ctx.state.admin = undefined
}

export type SessionMiddlewareOptions = CookieOptions & {
  audience: Audience
  settings: WebAuthSettings
  /**
   * Customers: the merchant whose storefront serves this request (default: the resolved
   * site's). A customer session of another merchant is ignored, as if signed out.
   */
  merchantIdOf?: (ctx: AppContext) => string | null | undefined
}

const siteMerchantId = (ctx: AppContext) =>
  ctx.state.site?.kind === 'store' ? ctx.state.site.merchant.id : undefined

/**
 * Loads the session of one audience into `ctx.state` (`session` and `customer`,
 * `merchantUser` or `admin`). A cookie whose session has ended — or whose account can no
 * longer sign in — is cleared and flagged `ctx.state.sessionExpired`.
 */
export const sessionMiddleware = (
  db: Knex,
  options: SessionMiddlewareOptions,
): Middleware<AppState> => {
  const { audience, settings } = options
  warmUpDummyHash(settings.passwordCost)
  return async (ctx, next) => {
    const token = sessionCookieToken(ctx, audience)
    if (token) {
      const session = await findSession(db, {
        token,
        audience,
        timeouts: settings.timeouts[audience],
      })
      const merchantId =
        audience === 'customer' ? (options.merchantIdOf ?? siteMerchantId)(ctx) : undefined
      const foreign =
        session?.account.audience === 'customer' && session.account.merchantId !== merchantId
      const account = session && !foreign ? await loadAccount(db, session.account) : null
      if (session && account) {
        ctx.state.session = {
          id: session.id,
          audience,
          csrfToken: session.csrfToken,
          createdAt: session.createdAt,
          idleExpiresAt: session.idleExpiresAt,
          absoluteExpiresAt: session.absoluteExpiresAt,
        }
        setAccount(ctx, audience, account)
      } else if (!foreign) {
        if (session) await destroySession(db, { id: session.id })
        clearSessionCookie(ctx, audience, options)
        ctx.state.sessionExpired = true
      }
    }
    await next()
  }
}
