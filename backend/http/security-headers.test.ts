import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { TestBrowser } from '../test/test-web-app.ts'
import { DEMO, DEMO_LOGINS, seedDemoData } from '../seed/demo-seed.ts'
import { pageRoutes } from '../app.ts'
import { loadConfig } from '../config.ts'
import { PAGES } from '../web/site/pages.ts'
import { inlineScriptProblems, nonceOf } from '../test/inline-script-check.ts'
import { HSTS_MAX_AGE_SECONDS } from './security-headers.ts'
import { signInAdmin } from '../test/admin-sign-in.ts'

// The security headers of every response, and every page renderable under the CSP: no inline
// script, every script with the response's own nonce, no event handler attribute.

const db = useTestDatabase()
let app: TestApp
let proxied: TestApp

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
  proxied = await startTestApp(db.knex, { TRUST_PROXY: 'true' })
})
afterAll(async () => {
  await app.close()
  await proxied.close()
})

const STORE = '/s/fashionhub'

const expectHardened = (headers: Headers) => {
  const csp = headers.get('content-security-policy') ?? ''
  expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/)
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/)
  expect(csp).toContain("frame-ancestors 'none'")
  expect(csp).toContain("object-src 'none'")
  expect(csp).toContain("base-uri 'none'")
  expect(headers.get('x-frame-options')).toBe('DENY')
  expect(headers.get('x-content-type-options')).toBe('nosniff')
  expect(headers.get('referrer-policy')).toBe('same-origin')
}

describe('the security headers', () => {
  it('harden a storefront page, with a fresh nonce per response that its scripts carry', async () => {
    const browser = new TestBrowser(`${app.url}${STORE}`)
    const first = await browser.get('/join')
    const second = await browser.get('/join')
    expectHardened(first.headers)
    const nonce = nonceOf(first.headers.get('content-security-policy'))
    expect(nonce).not.toBeNull()
    expect(nonceOf(second.headers.get('content-security-policy'))).not.toBe(nonce)
    expect(first.text).toMatch(/<script type="module" src="[^"]+" nonce="/)
    expect(inlineScriptProblems(first.text, nonce)).toEqual([])
    // Another response's nonce does not fit this page.
    expect(
      inlineScriptProblems(first.text, nonceOf(second.headers.get('content-security-policy'))),
    ).not.toEqual([])
  })

  it('harden error pages, merchant and admin pages and the API too', async () => {
    for (const path of ['/merchant/login', '/admin/login', '/no-such-page', '/api/v1/openapi.json'])
      expectHardened((await app.request('GET', path, { headers: { accept: 'text/html' } })).headers)
  })

  it('send HSTS only over HTTPS as a trusted proxy reports it', async () => {
    const https = { 'x-forwarded-proto': 'https' }
    const behindProxy = await proxied.request('GET', '/merchant/login', { headers: https })
    expect(behindProxy.headers.get('strict-transport-security')).toBe(
      `max-age=${HSTS_MAX_AGE_SECONDS}`,
    )
    const plain = await proxied.request('GET', '/merchant/login')
    expect(plain.headers.get('strict-transport-security')).toBeNull()
    // Without TRUST_PROXY the header is anyone's claim: no HSTS on plain HTTP.
    const untrusted = await app.request('GET', '/merchant/login', { headers: https })
    expect(untrusted.headers.get('strict-transport-security')).toBeNull()
  })
})

describe('the inline script check', () => {
  it('finds each thing the CSP would block', () => {
    const ok = '<script type="module" src="/a.js" nonce="n1"></script>'
    expect(inlineScriptProblems(ok, 'n1')).toEqual([])
    expect(inlineScriptProblems('<script>alert(1)</script>', 'n1')).toHaveLength(2)
    expect(inlineScriptProblems('<script src="/a.js"></script>', 'n1')).toHaveLength(1)
    expect(inlineScriptProblems('<link rel="modulepreload" href="/c.js">', 'n1')).toHaveLength(1)
    expect(inlineScriptProblems('<button onclick="go()">Go</button>', 'n1')).toHaveLength(1)
    expect(inlineScriptProblems('<a href="javascript:go()">Go</a>', 'n1')).toHaveLength(1)
    // Text that merely mentions them (escaped by React) is no problem.
    expect(inlineScriptProblems('<p>&lt;script&gt; onclick=</p>', 'n1')).toEqual([])
  })
})

describe('every page under the CSP', () => {
  /** A path for a page pattern, with rows of the demo data where one is needed. */
  const fill = async (pattern: string) => {
    const category = await db
      .knex('transaction_categories')
      .where('merchant_id', DEMO.fashion.merchantId)
      .first('id')
    const email = await db.knex('outbound_emails').first('id')
    const values: Record<string, string> = {
      token: 'x'.repeat(43),
      code: 'enrollment',
      language: 'fr',
    }
    return pattern.replace(/:([a-z]+)/g, (_m, name: string) => {
      if (name !== 'id') return values[name]!
      if (pattern.startsWith('/merchant/rewards')) return DEMO.fashion.rewardIds[0]!
      if (pattern.startsWith('/merchant/categories')) return category?.id as string
      if (pattern.startsWith('/merchant/stores')) return DEMO.fashion.hubStoreId
      return (email?.id as string | undefined) ?? '00000000-0000-4000-8000-000000000000'
    })
  }

  it('renders every GET page, signed in as its audience, with nothing the CSP would block', async () => {
    const customer = new TestBrowser(`${app.url}${STORE}`, { 'accept-language': 'fr' })
    await customer.get('/join')
    const joined = await customer.post('/join', {
      email: 'csp@example.lu',
      name: 'Camille Schmit',
      phone: '+352 621 000 111',
      birthday_day: '1',
      birthday_month: '2',
      birthday_year: '1990',
      terms: 'yes',
    })
    expect(joined.status).toBe(303)
    const merchant = new TestBrowser(app.url, { 'accept-language': 'fr' })
    await merchant.get('/merchant/login')
    expect((await merchant.post('/merchant/login', DEMO_LOGINS.fashionOwner)).status).toBe(303)
    const admin = new TestBrowser(app.url, { 'accept-language': 'fr' })
    expect((await signInAdmin(admin, db.knex)).status).toBe(303)

    const config = loadConfig({
      ...process.env,
      BASE_URL: 'http://localhost',
      DATABASE_URL: undefined,
    })
    const { store, platform } = pageRoutes(db.knex, config)
    const wrong: string[] = []
    // Pages rendered as their audience sees them (200), per surface: a redirect to a login page
    // or an error page checks nothing of the page itself.
    const rendered = { storefront: 0, merchant: 0, admin: 0 }
    for (const route of [...store, ...platform].filter((r) => r.method === 'get')) {
      const { surface, pattern } = PAGES[route.page]
      const browser =
        surface === 'storefront' ? customer : surface === 'merchant' ? merchant : admin
      const page = await browser.get(await fill(pattern))
      if (!(page.headers.get('content-type') ?? '').startsWith('text/html')) continue
      if (page.status === 200) rendered[surface]++
      if (page.status >= 500) wrong.push(`${route.page}: ${page.status}`)
      const problems = inlineScriptProblems(
        page.text,
        nonceOf(page.headers.get('content-security-policy')),
      )
      for (const problem of problems) wrong.push(`${route.page}: ${problem}`)
    }
    expect(wrong).toEqual([])
    expect(rendered.storefront).toBeGreaterThanOrEqual(7)
    expect(rendered.merchant).toBeGreaterThanOrEqual(10)
    expect(rendered.admin).toBeGreaterThanOrEqual(9)
  }, 60_000)
})
