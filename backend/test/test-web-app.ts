import type { Server } from 'node:http'
import Koa from 'koa'
import Router from '@koa/router'
import { bodyParser } from '@koa/bodyparser'
import type { Knex } from 'knex'
import type { AppContext, AppState } from '../http/state.ts'
import { requestContext } from '../http/request-context.ts'
import { errorHandler } from '../http/error-handler.ts'
import { createLogger } from '../logger.ts'
import { csrfProtection } from '../web/sessions/csrf.ts'
import {
  loginAdmin,
  loginCustomer,
  loginMerchantUser,
  needsSecondStep,
} from '../accounts/commands/log-in.ts'
import { findSignInChallenge, finishSignIn } from '../accounts/sign-in-challenges.ts'
import { requestPasswordReset } from '../accounts/commands/request-password-reset.ts'
import { requireSession } from '../web/sessions/require-session.ts'
import {
  sessionCookieToken,
  sessionMiddleware,
  signIn,
  signOut,
  type CookieOptions,
} from '../web/sessions/session-middleware.ts'
import { DEFAULT_LIMITS, type Audience, type WebAuthSettings } from '../accounts/settings.ts'

// A small page app for the session tests: the session, CSRF and login pieces mounted
// the way the page routers will mount them, on a real HTTP port.

/** Fast settings for tests: bcrypt cost 10, short but real timeouts. */
export const testSettings = (overrides: Partial<WebAuthSettings> = {}): WebAuthSettings => ({
  timeouts: {
    customer: { idleSeconds: 7 * 24 * 3600, absoluteSeconds: 30 * 24 * 3600 },
    merchant: { idleSeconds: 30 * 60, absoluteSeconds: 12 * 3600 },
    admin: { idleSeconds: 30 * 60, absoluteSeconds: 12 * 3600 },
  },
  passwordCost: 10,
  limits: DEFAULT_LIMITS,
  resetTokenSeconds: 3600,
  ...overrides,
})

/** The default rules with room for thousands of attempts: for tests about something else. */
export const generousLimits = (): WebAuthSettings['limits'] => ({
  loginPerIp: { ...DEFAULT_LIMITS.loginPerIp, limit: 10_000 },
  loginPerAccount: { ...DEFAULT_LIMITS.loginPerAccount, limit: 10_000 },
  resetPerIp: { ...DEFAULT_LIMITS.resetPerIp, limit: 10_000 },
  resetPerAccount: { ...DEFAULT_LIMITS.resetPerAccount, limit: 10_000 },
  secondFactorPerAccount: { ...DEFAULT_LIMITS.secondFactorPerAccount, limit: 10_000 },
})

export type TestWebAppOptions = {
  audience: Audience
  settings?: WebAuthSettings
  /** Customers: the merchant of the storefront. */
  merchantId?: string
  /** Koa `proxy`: trust X-Forwarded-Proto / -For / -Host. */
  proxy?: boolean
  secret?: string
  cookie?: CookieOptions
}

export type TestWebApp = { url: string; close: () => Promise<void> }

const escape = (value: string) => value.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)

const form = (ctx: AppContext, action: string) =>
  `<form method="post" action="${action}"><input type="hidden" name="_csrf" value="${escape(
    ctx.state.csrfToken!(),
  )}"></form>`

/** Pages: GET /login, POST /login, GET /account, POST /account/echo, POST /logout, POST /forgot. */
export const startTestWebApp = async (
  knex: Knex,
  options: TestWebAppOptions,
): Promise<TestWebApp> => {
  const { audience } = options
  const settings = options.settings ?? testSettings()
  const cookie: CookieOptions = options.cookie ?? { cookiePath: () => '/' }
  const app = new Koa<AppState>({ proxy: options.proxy ?? false })
  app.silent = true
  app.use(requestContext(createLogger('silent')))
  app.use(errorHandler())
  app.use(bodyParser({ enableTypes: ['form', 'json'] }))
  app.use(
    sessionMiddleware(knex, {
      audience,
      settings,
      merchantIdOf: () => options.merchantId,
      ...cookie,
    }),
  )
  const csrf = csrfProtection(knex, { secret: options.secret })
  const signedIn = requireSession(audience, (_ctx, next) =>
    next ? `/login?next=${encodeURIComponent(next)}` : '/login',
  )
  const router = new Router<AppState>()
  router.get('/login', csrf, (ctx) => {
    ctx.type = 'html'
    ctx.body = `<h1>Log in${ctx.state.sessionExpired ? ' (expired)' : ''}</h1>${form(ctx, '/login')}`
  })
  router.post('/login', csrf, async (ctx) => {
    const body = ctx.request.body as { email: string; password: string }
    const props = {
      email: body.email,
      password: body.password,
      ip: ctx.ip,
      userAgent: ctx.get('user-agent'),
      previousToken: sessionCookieToken(ctx, audience),
      settings,
    }
    if (audience === 'customer')
      signIn(ctx, await loginCustomer(knex, { ...props, merchantId: options.merchantId! }), cookie)
    else {
      const result =
        audience === 'merchant'
          ? await loginMerchantUser(knex, props)
          : await loginAdmin(knex, props)
      // This harness is about sessions: the second step (the code pages, tested with the staff
      // sign-in) is finished here directly from the challenge the password earned.
      if (needsSecondStep(result)) {
        const challenge = await findSignInChallenge(knex, {
          token: result.challengeToken,
          audience: audience as 'merchant' | 'admin',
        })
        signIn(ctx, await finishSignIn(knex, { ...props, challenge: challenge! }), cookie)
      } else signIn(ctx, result, cookie)
    }
    ctx.redirect('/account')
    ctx.status = 303
  })
  router.get('/account', signedIn, csrf, (ctx) => {
    const who = ctx.state.customer ?? ctx.state.merchantUser ?? ctx.state.admin
    ctx.type = 'html'
    ctx.body = `<p data-who="${who?.email}">${JSON.stringify(who)}</p>${form(ctx, '/account/echo')}`
  })
  router.post('/account/echo', signedIn, csrf, (ctx) => {
    ctx.body = { body: ctx.request.body }
  })
  router.post('/logout', signedIn, csrf, async (ctx) => {
    await signOut(knex, ctx, audience, cookie)
    ctx.redirect('/login')
    ctx.status = 303
  })
  router.post('/forgot', csrf, async (ctx) => {
    const body = ctx.request.body as { email: string }
    const lookup =
      audience === 'customer'
        ? { audience, merchantId: options.merchantId!, email: body.email }
        : { audience, email: body.email }
    await requestPasswordReset(knex, { lookup, ip: ctx.ip, settings })
    ctx.body = { ok: true }
  })
  app.use(router.routes())

  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

export type Page = {
  status: number
  headers: Headers
  text: string
  /** The JSON body, when there is one. */
  json: { error?: { code: string; details: Record<string, unknown> } } & Record<string, unknown>
  setCookies: string[]
}

/**
 * A browser of sorts: keeps cookies (by name; the test apps use Path=/), sends Origin like a
 * browser on POST, never follows redirects, and reads the CSRF token from the last page.
 */
export class TestBrowser {
  cookies = new Map<string, string>()
  csrf: string | undefined

  constructor(
    public baseUrl: string,
    public headers: Record<string, string> = {},
  ) {}

  async request(
    method: string,
    path: string,
    options: {
      form?: Record<string, string | string[]>
      /** A multipart body (fetch sets its content type with the boundary). */
      multipart?: FormData
      headers?: Record<string, string>
      url?: string
    } = {},
  ): Promise<Page> {
    const base = options.url ?? this.baseUrl
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const response = await fetch(`${base}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        accept: 'text/html',
        ...(method !== 'GET' ? { origin: new URL(base).origin } : {}),
        ...(cookie ? { cookie } : {}),
        ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...this.headers,
        ...options.headers,
      },
      body:
        options.multipart ??
        (options.form
          ? new URLSearchParams(
              // A repeated field (ticked checkboxes) as an array.
              Object.entries(options.form).flatMap(([name, value]) =>
                (Array.isArray(value) ? value : [value]).map((v): [string, string] => [name, v]),
              ),
            ).toString()
          : undefined),
    })
    const setCookies = response.headers.getSetCookie()
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim())
      const [name, ...rest] = pair!.split('=')
      const value = rest.join('=')
      const expired = attributes.some(
        (a) => /^expires=/i.test(a) && new Date(a.slice(8)).getTime() < Date.now(),
      )
      if (!value || expired) this.cookies.delete(name!)
      else this.cookies.set(name!, value)
    }
    const text = await response.text()
    const token = /name="_csrf" value="([^"]+)"/.exec(text)
    if (token) this.csrf = token[1]
    let json = {}
    try {
      json = JSON.parse(text)
    } catch {
      // an HTML page
    }
    return { status: response.status, headers: response.headers, text, json, setCookies }
  }

  get(path: string, options: { headers?: Record<string, string> } = {}) {
    return this.request('GET', path, options)
  }

  /** POSTs a form with the current CSRF token (unless the form sets `_csrf` itself). */
  post(
    path: string,
    form: Record<string, string | string[]> = {},
    options: { headers?: Record<string, string>; url?: string } = {},
  ) {
    return this.request('POST', path, {
      ...options,
      form: { ...(this.csrf !== undefined ? { _csrf: this.csrf } : {}), ...form },
    })
  }

  /**
   * POSTs a multipart form (a form with a file) with the current CSRF token, as a browser
   * sends `<form enctype="multipart/form-data">`.
   */
  postMultipart(
    path: string,
    fields: Record<string, string>,
    file?: { field: string; name: string; type: string; bytes: Buffer },
  ): Promise<Page> {
    const body = new FormData()
    if (this.csrf !== undefined) body.append('_csrf', this.csrf)
    for (const [name, value] of Object.entries(fields)) body.append(name, value)
    if (file)
      body.append(
        file.field,
        new Blob([new Uint8Array(file.bytes)], { type: file.type }),
        file.name,
      )
    return this.request('POST', path, { multipart: body })
  }

  /** GET /login, then POST the credentials; the session cookie is kept. */
  async logIn(email: string, password: string) {
    await this.get('/login')
    return this.post('/login', { email, password })
  }
}
