import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../../test/test-database.ts'
import { CSRF_COOKIE, CSRF_HEADER } from './csrf.ts'
import {
  generousLimits,
  startTestWebApp,
  testSettings,
  TestBrowser,
  type TestWebApp,
} from '../../test/test-web-app.ts'
import { buildAdminAccount, TEST_PASSWORD } from '../../test/test-accounts.ts'

const db = useTestDatabase()

// These tests send many forms from one address: only CSRF should refuse them here.
const settings = testSettings({ limits: generousLimits() })

let app: TestWebApp
const apps: TestWebApp[] = []
beforeAll(async () => {
  app = await startTestWebApp(db.knex, { audience: 'admin', settings })
  apps.push(app)
})
afterAll(async () => {
  for (const a of apps) await a.close()
})

const json = { accept: 'application/json' }

/** A visitor who has opened the (anonymous) login form. */
const visitor = async () => {
  const browser = new TestBrowser(app.url, json)
  await browser.get('/login')
  return browser
}

describe('CSRF on anonymous forms (signed double-submit cookie)', () => {
  it('puts a token in the form and a signed nonce in an HttpOnly cookie', async () => {
    const browser = new TestBrowser(app.url)
    const page = await browser.get('/login')
    expect(browser.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const cookie = page.setCookies.find((c) => c.startsWith(`${CSRF_COOKIE}=`))!
    expect(cookie).toMatch(/; httponly/i)
    expect(cookie).toMatch(/; samesite=lax/i)
    // The form carries an HMAC of the cookie, not the cookie itself.
    expect(browser.cookies.get(CSRF_COOKIE)).not.toBe(browser.csrf)
    // The same visitor keeps the same token across pages.
    const token = browser.csrf
    await browser.get('/login')
    expect(browser.csrf).toBe(token)
  })

  it('refuses a form without a token', async () => {
    const browser = await visitor()
    browser.csrf = undefined
    const response = await browser.post('/forgot', { email: 'someone@example.test' })
    expect(response.status).toBe(403)
    expect(response.json.error?.code).toBe('CSRF_TOKEN_INVALID')
  })

  it('refuses a wrong token, and a token without its cookie', async () => {
    const browser = await visitor()
    const wrong = await browser.post('/forgot', { _csrf: 'x'.repeat(43), email: 'a@example.test' })
    expect(wrong.status).toBe(403)
    expect(wrong.json.error?.code).toBe('CSRF_TOKEN_INVALID')
    // A token copied from someone else's page does not go with another browser's cookie.
    const attacker = await visitor()
    const replayed = await browser.post('/forgot', {
      _csrf: attacker.csrf!,
      email: 'a@example.test',
    })
    expect(replayed.json.error?.code).toBe('CSRF_TOKEN_INVALID')
    browser.cookies.delete(CSRF_COOKIE)
    const cookieless = await browser.post('/forgot', { email: 'a@example.test' })
    expect(cookieless.json.error?.code).toBe('CSRF_TOKEN_INVALID')
  })

  it('lets the right token through (form field or header)', async () => {
    const browser = await visitor()
    const response = await browser.post('/forgot', { email: 'a@example.test' })
    expect(response.status).toBe(200)
    const token = browser.csrf!
    browser.csrf = undefined
    const viaHeader = await browser.post(
      '/forgot',
      { email: 'a@example.test' },
      { headers: { [CSRF_HEADER]: token } },
    )
    expect(viaHeader.status).toBe(200)
  })

  it('shares the signing key between processes (web_secrets), once', async () => {
    const other = await startTestWebApp(db.knex, { audience: 'admin', settings })
    apps.push(other)
    const browser = await visitor()
    const response = await browser.post(
      '/forgot',
      { email: 'a@example.test' },
      { url: other.url, headers: { origin: other.url } },
    )
    expect(response.status).toBe(200)
    expect(await db.knex('web_secrets').where('name', 'csrf').count({ n: '*' })).toEqual([{ n: 1 }])
  })

  it('signs with SESSION_SECRET when set: tokens of another key do not pass', async () => {
    const configured = await startTestWebApp(db.knex, {
      audience: 'admin',
      settings,
      secret: 's'.repeat(40),
    })
    apps.push(configured)
    const browser = await visitor()
    const response = await browser.post(
      '/forgot',
      { email: 'a@example.test' },
      { url: configured.url, headers: { origin: configured.url } },
    )
    expect(response.json.error?.code).toBe('CSRF_TOKEN_INVALID')
  })
})

describe('CSRF with a session', () => {
  it('accepts the session token, and removes _csrf before the handler reads the body', async () => {
    const { email } = await buildAdminAccount(db.knex)
    const browser = new TestBrowser(app.url, json)
    const login = await browser.logIn(email, TEST_PASSWORD)
    expect(login.status).toBe(303)
    await browser.get('/account')
    const response = await browser.post('/account/echo', { note: 'hello' })
    expect(response.status).toBe(200)
    expect(response.json).toEqual({ body: { note: 'hello' } })
    const wrong = await browser.post('/account/echo', { _csrf: 'y'.repeat(43), note: 'x' })
    expect(wrong.status).toBe(403)
    expect(wrong.json.error?.code).toBe('CSRF_TOKEN_INVALID')
  })

  it('has a token per session: a new login gives a new token, the old one fails', async () => {
    const { email } = await buildAdminAccount(db.knex)
    const browser = new TestBrowser(app.url, json)
    await browser.logIn(email, TEST_PASSWORD)
    await browser.get('/account')
    const first = browser.csrf!
    await browser.logIn(email, TEST_PASSWORD)
    await browser.get('/account')
    expect(browser.csrf).not.toBe(first)
    browser.cookies.delete(CSRF_COOKIE)
    const stale = await browser.post('/account/echo', { _csrf: first })
    expect(stale.json.error?.code).toBe('CSRF_TOKEN_INVALID')
  })
})

describe('Origin and Referer', () => {
  it('refuses a form sent from another site even with a valid token', async () => {
    const browser = await visitor()
    const response = await browser.post(
      '/forgot',
      { email: 'a@example.test' },
      { headers: { origin: 'https://evil.example' } },
    )
    expect(response.status).toBe(403)
    expect(response.json.error?.code).toBe('CROSS_ORIGIN_REQUEST')
  })

  it('refuses an opaque origin and a foreign Referer when there is no Origin', async () => {
    const browser = await visitor()
    const opaque = await browser.post('/forgot', {}, { headers: { origin: 'null' } })
    expect(opaque.json.error?.code).toBe('CROSS_ORIGIN_REQUEST')
    const referred = await browser.request('POST', '/forgot', {
      form: { _csrf: browser.csrf!, email: 'a@example.test' },
      headers: { origin: '', referer: 'https://evil.example/page' },
    })
    expect(referred.json.error?.code).toBe('CROSS_ORIGIN_REQUEST')
  })

  it('accepts a same-host Referer, and no Origin or Referer at all', async () => {
    const browser = await visitor()
    const referred = await browser.request('POST', '/forgot', {
      form: { _csrf: browser.csrf!, email: 'a@example.test' },
      headers: { origin: '', referer: `${app.url}/login` },
    })
    expect(referred.status).toBe(200)
    const bare = await browser.request('POST', '/forgot', {
      form: { _csrf: browser.csrf!, email: 'a@example.test' },
      headers: { origin: '' },
    })
    expect(bare.status).toBe(200)
  })
})
