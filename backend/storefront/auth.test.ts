import http from 'node:http'
import type { Server } from 'node:http'
import Koa from 'koa'
import Router from '@koa/router'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../shared/languages.ts'
import { loadConfig } from '../config.ts'
import { errorHandler } from '../http/error-handler.ts'
import { requestContext } from '../http/request-context.ts'
import { createLogger } from '../logger.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { DEMO, seedDemoData } from '../seed/demo-seed.ts'
import { setCustomerPassword } from '../accounts/commands/set-customer-password.ts'
import { sessionMiddleware } from '../web/sessions/session-middleware.ts'
import { webAuthSettings } from '../accounts/settings.ts'
import { TestBrowser } from '../test/test-web-app.ts'
import { runPasswordResetJobs } from '../test/queued-jobs.ts'
import { mountSite, siteContext, type SiteAppState } from '../web/site/site-context.ts'
import { definePage, mountPages } from '../web/pages/page-route.ts'

// Signing in on the storefront through the real app: log in and out, forgot and reset password
// with the link read from the outgoing email, `?next=`, the generic answers that tell nothing
// about who has an account, the four languages, and redirects on every host form.

const db = useTestDatabase()
let app: TestApp

const MEMBER = { email: 'luc.weber@example.lu', password: 'winter coat and scarf' }

beforeAll(async () => {
  await seedDemoData(db.knex)
  const luc = await db
    .knex('customers')
    .where({ merchant_id: DEMO.fashion.merchantId, email: MEMBER.email })
    .first('id')
  await setCustomerPassword(db.knex, {
    merchantId: DEMO.fashion.merchantId,
    customerId: luc.id,
    password: MEMBER.password,
    passwordCost: 10,
    termsAccepted: true,
  })
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())
// Every test starts with fresh attempt counters (all requests come from 127.0.0.1).
beforeEach(async () => {
  await db.knex('rate_limits').delete()
})

const hub = (language = 'en') =>
  new TestBrowser(`${app.url}/s/fashionhub`, { 'accept-language': language })

/** A new member, signed in by joining (no password yet). */
const joined = async (email: string) => {
  const browser = hub()
  await browser.get('/join')
  const page = await browser.post('/join', { email, name: 'Léa Muller', terms: 'yes' })
  expect(page.status).toBe(303)
  return browser
}

/** Asks for a reset link and returns it, as the email will carry it. */
const resetLinkFor = async (browser: TestBrowser, email: string) => {
  await browser.get('/password/forgot')
  const sent = await browser.post('/password/forgot', { email })
  expect(sent.status).toBe(303)
  // The worker's part: the job finds the customer and queues the email.
  expect(await runPasswordResetJobs(db.knex)).toBeGreaterThanOrEqual(1)
  const row = await db
    .knex('outbound_emails')
    .where({ to_address: email, template: 'password_reset' })
    .orderBy('created_at', 'desc')
    .first('variables')
  return String(row.variables.reset_url)
}

/** The path of a storefront URL below /s/fashionhub, for a TestBrowser of that store. */
const storePath = (url: string) => new URL(url).pathname.replace(/^\/s\/fashionhub/, '')

/** A page without what differs per response: its CSRF token and its CSP nonce. */
const withoutTokens = (html: string) =>
  html.replace(/name="_csrf" value="[^"]*"/g, '').replace(/ nonce="[^"]*"/g, '')

const RAW_KEY = /\b(login|forgot|sent|reset|reset_invalid|common|nav|form)\.[a-z_]+\b|\{\{/

type HostAnswer = { status: number; location: string | undefined; text: string; cookies: string[] }

/** A request with its own Host header (fetch cannot set one): the subdomain form. */
const withHost = (
  host: string,
  method: 'GET' | 'POST',
  path: string,
  options: { cookies?: string[]; form?: Record<string, string> } = {},
) =>
  new Promise<HostAnswer>((resolve, reject) => {
    const url = new URL(app.url)
    const payload = options.form ? new URLSearchParams(options.form).toString() : undefined
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: {
          host,
          accept: 'text/html',
          ...(options.cookies?.length ? { cookie: options.cookies.join('; ') } : {}),
          ...(payload ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
      },
      (res) => {
        let text = ''
        res.on('data', (chunk: Buffer) => (text += chunk.toString()))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            text,
            cookies: (res.headers['set-cookie'] ?? []).map((line) => line.split(';')[0]!),
          }),
        )
      },
    )
    request.on('error', reject)
    request.end(payload)
  })

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''

describe('signing in on the storefront', () => {
  it('lets a new member choose a password from the emailed link, log out and log in again', async () => {
    const browser = await joined('lea.reset@example.lu')
    const link = await resetLinkFor(browser, 'lea.reset@example.lu')
    expect(link.startsWith(`${app.url}/s/fashionhub/password/reset/`)).toBe(true)
    const email = await db
      .knex('outbound_emails')
      .where({ to_address: 'lea.reset@example.lu', template: 'password_reset' })
      .first()
    expect(email).toMatchObject({
      template: 'password_reset',
      language: 'en',
      status: 'queued',
      merchant_id: DEMO.fashion.merchantId,
      store_id: DEMO.fashion.hubStoreId,
      variables: { store_name: 'FashionHub', customer_name: 'Léa Muller' },
    })

    const form = await browser.get(storePath(link))
    expect(form.status).toBe(200)
    expect(form.headers.get('referrer-policy')).toBe('same-origin')
    expect(form.text).toContain('At least 10 characters')
    const reset = await browser.post(storePath(link), {
      password: 'blue scarf in winter',
      password_confirm: 'blue scarf in winter',
    })
    expect(reset.status).toBe(303)
    expect(reset.headers.get('location')).toBe('/s/fashionhub/account')

    // Signed in: the login page sends the member on to the account.
    const again = await browser.get('/login')
    expect(again.status).toBe(303)
    expect(again.headers.get('location')).toBe('/s/fashionhub/account')

    // Any page of the new session carries its CSRF token (the header's log-out form).
    await browser.get('/password/forgot')
    const out = await browser.post('/logout')
    expect(out.status).toBe(303)
    expect(out.headers.get('location')).toBe('/s/fashionhub/login')
    const sessions = await db
      .knex('web_sessions as s')
      .join('customers as c', 'c.id', 's.customer_id')
      .where('c.email', 'lea.reset@example.lu')
      .count<{ n: string }[]>({ n: '*' })
    expect(Number(sessions[0]!.n)).toBe(0)
    expect((await browser.get('/login')).status).toBe(200)

    await browser.get('/login?next=/account/history')
    const back = await browser.post('/login', {
      email: 'Lea.Reset@example.lu',
      password: 'blue scarf in winter',
      next: '/account/history',
    })
    expect(back.status).toBe(303)
    expect(back.headers.get('location')).toBe('/s/fashionhub/account/history')
  })

  it('carries ?next= through the login form and refuses targets off the store', async () => {
    const browser = hub()
    const page = await browser.get('/login?next=%2Faccount%2Fhistory%3Fpage%3D2')
    expect(page.text).toContain('name="next" value="/account/history?page=2"')
    expect(page.text).toContain('Please log in to continue.')
    const evil = await browser.get('/login?next=https%3A%2F%2Fevil.example%2F')
    const loginForm = /<form class="card form"[^]*?<\/form>/.exec(evil.text)![0]
    expect(loginForm).not.toContain('name="next"')
    expect(evil.text).not.toContain('Please log in to continue.')
    for (const next of [
      'https://evil.example/account',
      '//evil.example/account',
      '/\\evil.example',
      '/s/fashionoutlet/account',
    ]) {
      const visitor = hub()
      await visitor.get('/login')
      const login = await visitor.post('/login', { ...MEMBER, next })
      expect(login.status, next).toBe(303)
      expect(login.headers.get('location'), next).toBe('/s/fashionhub/account')
    }
  })

  it('answers a wrong password, an unknown address and a member without password alike: 401', async () => {
    await joined('no.password@example.lu')
    for (const [email, password] of [
      [MEMBER.email, 'not my password'],
      ['nobody@example.lu', MEMBER.password],
      ['no.password@example.lu', 'anything at all'],
    ] as const) {
      const browser = hub()
      await browser.get('/login')
      const page = await browser.post('/login', { email, password })
      expect(page.status, email).toBe(401)
      expect(page.text).toContain('The email address or password is incorrect.')
      expect(page.text).toContain(`value="${email}"`)
      expect(page.setCookies.some((c) => c.startsWith('rf_session='))).toBe(false)
    }
  })

  it('shows inline errors for an empty form and keeps the email', async () => {
    const browser = hub('fr')
    await browser.get('/login')
    const page = await browser.post('/login', { email: 'pas-une-adresse', password: '' })
    expect(page.status).toBe(422)
    expect(page.text).toContain('Saisissez une adresse e-mail valide.')
    expect(page.text).toContain('Saisissez votre mot de passe.')
    expect(page.text).toContain('value="pas-une-adresse"')
    expect(page.text).toContain('aria-invalid="true"')
  })

  it('tells a visitor when to try again after too many attempts, in the page language', async () => {
    const browser = hub('de')
    await browser.get('/login')
    let page = await browser.post('/login', { email: 'guess@example.lu', password: 'guess 0' })
    for (let i = 1; i <= 10; i++)
      page = await browser.post('/login', { email: 'guess@example.lu', password: `guess ${i}` })
    expect(page.status).toBe(429)
    expect(page.text).toMatch(
      /Zu viele Versuche in kurzer Zeit\. Bitte versuchen Sie es um \d\d:\d\d/,
    )
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(page.text).toContain('value="guess@example.lu"')
  })

  it('logs out only by POST with the CSRF token', async () => {
    const browser = hub()
    await browser.logIn(MEMBER.email, MEMBER.password)
    const get = await browser.get('/logout')
    expect(get.status).toBe(303)
    expect(get.headers.get('location')).toBe('/s/fashionhub/')
    const token = browser.csrf
    browser.csrf = 'forged'
    expect((await browser.post('/logout')).status).toBe(403)
    browser.csrf = token
    expect((await browser.get('/login')).status).toBe(303)
    expect((await browser.post('/logout')).headers.get('location')).toBe('/s/fashionhub/login')
    expect((await browser.get('/login')).status).toBe(200)
  })
})

describe('forgot and reset password', () => {
  it('gives an unknown address the same answer as a known one, and emails only the known one', async () => {
    const answers = []
    for (const email of [MEMBER.email, 'nobody.here@example.lu']) {
      const browser = hub()
      await browser.get('/password/forgot')
      const sent = await browser.post('/password/forgot', { email })
      const page = await browser.get(sent.headers.get('location')!.replace('/s/fashionhub', ''))
      answers.push({
        status: sent.status,
        location: sent.headers.get('location'),
        body: sent.text,
        page: withoutTokens(page.text),
      })
    }
    expect(answers[0]).toEqual(answers[1])
    expect(answers[0]!.location).toBe('/s/fashionhub/password/forgot?sent=1')
    expect(answers[0]!.page).toContain('Check your inbox')
    expect(answers[0]!.page).not.toContain(MEMBER.email)
    // One job each, known or not: the worker decides.
    expect(await runPasswordResetJobs(db.knex)).toBe(2)
    const emails = await db
      .knex('outbound_emails')
      .whereIn('to_address', [MEMBER.email, 'nobody.here@example.lu'])
      .select('to_address', 'language')
    // Luc chose Luxembourgish: the email goes out in his language, whatever the page's.
    expect(emails).toEqual([{ to_address: MEMBER.email, language: 'lb' }])
  })

  it('accepts a reset link once, and only at a store of the same merchant', async () => {
    const browser = await joined('once@example.lu')
    const path = storePath(await resetLinkFor(browser, 'once@example.lu'))
    const cafe = new TestBrowser(`${app.url}/s/cafegare`, { 'accept-language': 'en' })
    expect((await cafe.get(path)).status).toBe(404)
    await browser.get(path)
    const first = await browser.post(path, {
      password: 'first new password',
      password_confirm: 'first new password',
    })
    expect(first.status).toBe(303)
    const used = await browser.get(path)
    expect(used.status).toBe(404)
    expect(used.text).toContain('This password reset link is not valid or has already been used.')
    expect(used.text).toContain('href="/s/fashionhub/password/forgot"')
    const second = await browser.post(path, {
      password: 'second new password',
      password_confirm: 'second new password',
    })
    expect(second.status).toBe(404)
    const login = await hub().logIn('once@example.lu', 'first new password')
    expect(login.status).toBe(303)
  })

  it('says when a link has expired', async () => {
    const browser = await joined('late@example.lu')
    const path = storePath(await resetLinkFor(browser, 'late@example.lu'))
    await db
      .knex('password_reset_tokens as t')
      .whereIn(
        't.customer_id',
        db.knex('customers').where({ email: 'late@example.lu' }).select('id'),
      )
      .update({ expires_at: db.knex.raw("now() - interval '1 minute'") })
    const page = await hub('fr').get(path)
    expect(page.status).toBe(410)
    expect(page.text).toContain('Ce lien de réinitialisation du mot de passe a expiré')
    expect(page.text).toContain('Demander un nouveau lien')
  })

  it('shows password problems inline and keeps the link usable', async () => {
    const browser = await joined('typo@example.lu')
    const path = storePath(await resetLinkFor(browser, 'typo@example.lu'))
    const de = hub('de')
    await de.get(path)
    const mismatch = await de.post(path, {
      password: 'long enough password',
      password_confirm: 'long enough passwort',
    })
    expect(mismatch.status).toBe(422)
    expect(mismatch.text).toContain('Die beiden Passwörter stimmen nicht überein.')
    const short = await de.post(path, { password: 'kurz', password_confirm: 'kurs' })
    expect(short.status).toBe(422)
    expect(short.text).toContain('Ein Passwort muss mindestens 10 Zeichen lang sein.')
    expect(short.text).toContain('Die beiden Passwörter stimmen nicht überein.')
    expect(short.text).toContain('aria-invalid="true"')
    const done = await de.post(path, {
      password: 'long enough password',
      password_confirm: 'long enough password',
    })
    expect(done.status).toBe(303)
  })

  it('tells a visitor to wait after too many reset requests for one address', async () => {
    const browser = hub('fr')
    await browser.get('/password/forgot')
    for (let i = 0; i < 3; i++)
      expect((await browser.post('/password/forgot', { email: 'x@example.lu' })).status).toBe(303)
    const page = await browser.post('/password/forgot', { email: 'x@example.lu' })
    expect(page.status).toBe(429)
    expect(page.text).toMatch(/Trop de tentatives en peu de temps\. Veuillez réessayer à \d\d:\d\d/)
    expect(page.text).toContain('value="x@example.lu"')
  })
})

describe('sign-in pages in every language and on every host form', () => {
  it('renders each page with its lang and no raw key', async () => {
    const browser = await joined('polyglot@example.lu')
    const resetPath = storePath(await resetLinkFor(browser, 'polyglot@example.lu'))
    const titles = {
      en: ['Log in', 'Forgot your password?', 'Check your inbox', 'Choose a new password'],
      fr: [
        'Connexion',
        'Mot de passe oublié\u00a0?',
        'Consultez votre boîte de réception',
        'Choisissez un nouveau mot de passe',
      ],
      de: ['Anmelden', 'Passwort vergessen?', 'Sehen Sie in Ihrem Postfach nach', 'Neues Passwort'],
      lb: ['Aloggen', 'Passwuert vergiess?', 'Kuckt an Ärem Postfach no', 'En neit Passwuert'],
    }
    for (const language of LANGUAGES) {
      const visitor = hub(language)
      const paths = ['/login', '/password/forgot', '/password/forgot?sent=1', resetPath]
      for (const [i, path] of paths.entries()) {
        const page = await visitor.get(path)
        expect(page.status, `${language} ${path}`).toBe(200)
        expect(page.text).toContain(`<html lang="${language}">`)
        expect(page.text, `${language} ${path}`).not.toMatch(RAW_KEY)
        expect(page.text, `${language} ${path}`).toContain(titles[language][i])
      }
      const invalid = await visitor.get('/password/reset/not-a-token')
      expect(invalid.status).toBe(404)
      expect(invalid.text).toContain(`<html lang="${language}">`)
      expect(invalid.text).not.toMatch(RAW_KEY)
    }
  })

  it("redirects without a path prefix on the store's subdomain", async () => {
    const host = 'fashionhub.localhost'
    const form = await withHost(host, 'GET', '/login?next=/account/history')
    expect(form.text).toContain('action="/login"')
    expect(form.text).not.toContain('/s/fashionhub')
    const login = await withHost(host, 'POST', '/login', {
      cookies: form.cookies,
      form: { _csrf: csrfOf(form.text), ...MEMBER, next: '/account/history' },
    })
    expect(login.status).toBe(303)
    expect(login.location).toBe('/account/history')
    const signedIn = await withHost(host, 'GET', '/login', { cookies: login.cookies })
    expect(signedIn.location).toBe('/account')
    const logout = await withHost(host, 'POST', '/logout', {
      cookies: [...form.cookies, ...login.cookies],
      form: { _csrf: csrfOf(signedIn.text) || csrfOf(form.text) },
    })
    expect(logout.location).toBe('/login')

    const forgot = await withHost(host, 'GET', '/password/forgot')
    const sent = await withHost(host, 'POST', '/password/forgot', {
      cookies: forgot.cookies,
      form: { _csrf: csrfOf(forgot.text), email: 'john.smith@example.com' },
    })
    expect(sent.location).toBe('/password/forgot?sent=1')
    await runPasswordResetJobs(db.knex)
    const email = await db
      .knex('outbound_emails')
      .where({ to_address: 'john.smith@example.com' })
      .first('variables')
    expect(email.variables.reset_url).toMatch(
      /^http:\/\/fashionhub\.localhost\/password\/reset\/[^/]+$/,
    )
  })
})

describe('the policy gate of member pages', () => {
  let server: Server
  let url: string

  beforeAll(async () => {
    const config = loadConfig({
      ...process.env,
      BASE_URL: 'http://localhost',
      DATABASE_URL: undefined,
    })
    const members = new Router<SiteAppState>()
    mountPages(members, [
      definePage({
        page: 'history',
        method: 'get',
        policy: 'member.account.read',
        handle: (ctx) => {
          ctx.body = `member ${ctx.state.customer?.email}`
        },
      }),
    ])
    const koa = new Koa<SiteAppState>()
    koa.silent = true
    koa.use(requestContext(createLogger('silent')))
    koa.use(errorHandler())
    koa.use(siteContext(db.knex, config))
    koa.use(sessionMiddleware(db.knex, { audience: 'customer', settings: webAuthSettings(config) }))
    koa.use(mountSite('store', members.routes()))
    server = await new Promise<Server>((resolve) => {
      const s = koa.listen(0, '127.0.0.1', () => resolve(s))
    })
    const address = server.address()
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  })
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  )

  it('sends a signed-out visitor to the login page with next, and lets a member through', async () => {
    const visitor = new TestBrowser(`${url}/s/fashionhub`, { 'accept-language': 'en' })
    const away = await visitor.get('/account/history?page=2')
    expect(away.status).toBe(303)
    expect(away.headers.get('location')).toBe(
      '/s/fashionhub/login?next=%2Faccount%2Fhistory%3Fpage%3D2',
    )
    const member = hub()
    await member.logIn(MEMBER.email, MEMBER.password)
    const page = await new TestBrowser(`${url}/s/fashionhub`, {
      cookie: `rf_session=${member.cookies.get('rf_session')}`,
    }).get('/account/history')
    expect(page.status).toBe(200)
    expect(page.text).toBe(`member ${MEMBER.email}`)

    const subdomain = await new Promise<string | undefined>((resolve, reject) => {
      const target = new URL(url)
      http
        .get(
          {
            host: target.hostname,
            port: target.port,
            path: '/account/history',
            headers: { host: 'fashionhub.localhost', accept: 'text/html' },
          },
          (res) => {
            res.resume()
            resolve(res.headers.location)
          },
        )
        .on('error', reject)
    })
    expect(subdomain).toBe('/login?next=%2Faccount%2Fhistory')
  })
})
