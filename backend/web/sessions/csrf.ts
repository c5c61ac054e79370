import { createHash } from 'node:crypto'
import type { Knex } from 'knex'
import type { Middleware } from 'koa'
import { AppError } from '../../errors.ts'
import type { AppContext, AppState } from '../../http/state.ts'
import { hmac, newToken, safeEqual, TOKEN_PATTERN } from '../../security/tokens.ts'

declare module '../../http/state.ts' {
  interface AppState {
    /** The CSRF token for a form on this page (set by csrfProtection). */
    csrfToken?: () => string
  }
}

/** The hidden form field every page form carries. */
export const CSRF_FIELD = '_csrf'
/** The header a script sends instead (progressive enhancement, fetch). */
export const CSRF_HEADER = 'x-csrf-token'
/** Anonymous visitors: a random nonce; their form token is an HMAC of it under the server key. */
export const CSRF_COOKIE = 'rf_csrf'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE'])

/** A key generated once and kept in web_secrets, the same for every process. */
export const sharedSecret = async (db: Knex, name: string): Promise<string> => {
  await db('web_secrets').insert({ name, secret: newToken() }).onConflict('name').ignore()
  const row = await db('web_secrets').where({ name }).first('secret')
  return row.secret as string
}

const csrfKey = async (db: Knex, configured: string | undefined): Promise<Buffer> =>
  createHash('sha256')
    .update(`rewardflow:csrf:${configured ?? (await sharedSecret(db, 'csrf'))}`)
    .digest()

const anonymousToken = (key: Buffer, nonce: string) => hmac(key, `anonymous:${nonce}`)

const hostOf = (url: string): string | null => {
  try {
    return new URL(url).host.toLowerCase()
  } catch {
    return null
  }
}

/**
 * Whether an unsafe request comes from a page of this host: its Origin (else its Referer) must
 * name the host the request was sent to. Hosts only, not schemes: behind a TLS-terminating
 * proxy without TRUST_PROXY the app sees http while the browser says https. Requests with
 * neither header (old clients, scripts) pass this check and still need a valid token.
 */
export const isSameOrigin = (ctx: AppContext): boolean => {
  const host = ctx.host.toLowerCase()
  const origin = ctx.get('origin')
  if (origin) return hostOf(origin) === host
  const referer = ctx.get('referer')
  if (referer) return hostOf(referer) === host
  return true
}

const submittedToken = (ctx: AppContext): string | undefined => {
  const header = ctx.get(CSRF_HEADER)
  if (header) return header
  const body = ctx.request.body
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const value = (body as Record<string, unknown>)[CSRF_FIELD]
    if (typeof value === 'string') return value
  }
  return undefined
}

/**
 * CSRF protection for the pages. Gives views `ctx.state.csrfToken()` (the session's token, or
 * for an anonymous visitor one bound to a signed cookie, set on first use), and refuses every
 * POST/PUT/PATCH/DELETE that comes from another site (CROSS_ORIGIN_REQUEST) or lacks a valid
 * token (CSRF_TOKEN_INVALID). Either token is accepted, so a form shown before logging in (in
 * another tab) still works after.
 *
 * Mount it after the body parser and the session middleware; on routes behind requireSession,
 * after requireSession too, so a form sent from an expired session leads to the login page.
 * The `_csrf` field is removed from the body once checked (strict body schemas stay strict).
 */
export const csrfProtection = (
  db: Knex,
  options: { secret?: string | undefined; cookiePath?: string } = {},
): Middleware<AppState> => {
  let key: Promise<Buffer> | undefined
  const loadKey = () => {
    key ??= csrfKey(db, options.secret).catch((error: unknown) => {
      key = undefined
      throw error
    })
    return key
  }
  return async (ctx, next) => {
    const secret = await loadKey()
    const cookieNonce = ctx.cookies.get(CSRF_COOKIE, { signed: false })
    const nonce = cookieNonce && TOKEN_PATTERN.test(cookieNonce) ? cookieNonce : undefined

    if (!SAFE_METHODS.has(ctx.method)) {
      if (!isSameOrigin(ctx)) throw new AppError('CROSS_ORIGIN_REQUEST')
      const given = submittedToken(ctx)
      const expected = [
        ctx.state.session?.csrfToken,
        nonce ? anonymousToken(secret, nonce) : undefined,
      ].filter((token): token is string => !!token)
      if (!given || !expected.some((token) => safeEqual(token, given)))
        throw new AppError('CSRF_TOKEN_INVALID')
      const body = ctx.request.body
      if (body && typeof body === 'object') delete (body as Record<string, unknown>)[CSRF_FIELD]
    }

    let anonymousNonce = nonce
    ctx.state.csrfToken = () => {
      if (ctx.state.session) return ctx.state.session.csrfToken
      if (!anonymousNonce) {
        anonymousNonce = newToken()
        ctx.cookies.set(CSRF_COOKIE, anonymousNonce, {
          httpOnly: true,
          signed: false,
          sameSite: 'lax',
          secure: ctx.secure,
          path: options.cookiePath ?? '/',
          overwrite: true,
        })
      }
      return anonymousToken(secret, anonymousNonce)
    }
    await next()
  }
}
