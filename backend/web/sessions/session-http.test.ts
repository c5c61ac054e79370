import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../../test/test-database.ts'
import { buildMerchant, type BuiltMerchant } from '../../test/factories.ts'
import { hashToken } from '../../security/tokens.ts'
import { SESSION_COOKIES } from './session-middleware.ts'
import {
  startTestWebApp,
  testSettings,
  TestBrowser,
  type TestWebApp,
  type TestWebAppOptions,
} from '../../test/test-web-app.ts'
import {
  ageSession,
  buildAdminAccount,
  buildCustomerAccount,
  buildMerchantUserAccount,
  TEST_PASSWORD,
} from '../../test/test-accounts.ts'

const db = useTestDatabase()

let merchant: BuiltMerchant
const apps: TestWebApp[] = []
const start = async (options: TestWebAppOptions) => {
  const app = await startTestWebApp(db.knex, options)
  apps.push(app)
  return app
}

beforeAll(async () => {
  merchant = await buildMerchant(db.knex)
})
afterAll(async () => {
  for (const app of apps) await app.close()
})

const sessionRow = (token: string) =>
  db.knex('web_sessions').where('token_hash', hashToken(token)).first()

describe('session cookies and login', () => {
  it('logs in with an HttpOnly, SameSite=Lax session cookie holding a new token', async () => {
    const app = await start({ audience: 'customer', merchantId: merchant.merchantId })
    const { email, account } = await buildCustomerAccount(db.knex, merchant)
    const browser = new TestBrowser(app.url)
    const response = await browser.logIn(email, TEST_PASSWORD)
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/account')
    const cookie = response.setCookies.find((c) => c.startsWith(`${SESSION_COOKIES.customer}=`))!
    expect(cookie).toMatch(/; httponly/i)
    expect(cookie).toMatch(/; samesite=lax/i)
    expect(cookie).not.toMatch(/; secure/i)
    // Customers stay signed in across browser restarts, until the absolute end.
    expect(cookie).toMatch(/; expires=/i)
    const token = browser.cookies.get(SESSION_COOKIES.customer)!
    expect(await sessionRow(token)).toMatchObject({ customer_id: account.id })
    const page = await browser.get('/account')
    expect(page.status).toBe(200)
    expect(page.text).toContain(`data-who="${email}"`)
    expect(page.headers.get('cache-control')).toBe('no-store')
  })

  it('marks the cookie Secure behind HTTPS as Koa sees it (trusted X-Forwarded-Proto)', async () => {
    const app = await start({ audience: 'admin', proxy: true })
    const { email } = await buildAdminAccount(db.knex)
    const browser = new TestBrowser(app.url, { 'x-forwarded-proto': 'https' })
    const response = await browser.logIn(email, TEST_PASSWORD)
    expect(response.status).toBe(303)
    const cookie = response.setCookies.find((c) => c.startsWith(`${SESSION_COOKIES.admin}=`))!
    expect(cookie).toMatch(/; secure/i)
    // Staff cookies end with the browser.
    expect(cookie).not.toMatch(/; expires=/i)
  })

  it('never keeps the session a browser had before logging in (fixation)', async () => {
    const app = await start({ audience: 'admin' })
    const first = await buildAdminAccount(db.knex)
    const second = await buildAdminAccount(db.knex)
    const browser = new TestBrowser(app.url)
    // A token planted by someone else is not adopted.
    const planted = 'A'.repeat(43)
    browser.cookies.set(SESSION_COOKIES.admin, planted)
    await browser.logIn(first.email, TEST_PASSWORD)
    const firstToken = browser.cookies.get(SESSION_COOKIES.admin)!
    expect(firstToken).not.toBe(planted)
    // Logging in again (as someone else) replaces the session: the old token is dead.
    await browser.logIn(second.email, TEST_PASSWORD)
    const secondToken = browser.cookies.get(SESSION_COOKIES.admin)!
    expect(secondToken).not.toBe(firstToken)
    expect(await sessionRow(firstToken)).toBeUndefined()
    const replay = new TestBrowser(app.url)
    replay.cookies.set(SESSION_COOKIES.admin, firstToken)
    expect((await replay.get('/account')).status).toBe(303)
    expect((await browser.get('/account')).text).toContain(second.email)
  })

  it('refuses a wrong password, an unknown address and a deactivated user alike', async () => {
    const app = await start({ audience: 'merchant' })
    const { email, account } = await buildMerchantUserAccount(db.knex, merchant)
    const browser = new TestBrowser(app.url, { accept: 'application/json' })
    await browser.get('/login')
    const wrong = await browser.post('/login', { email, password: 'not the password' })
    const unknown = await browser.post('/login', {
      email: 'nobody@example.test',
      password: TEST_PASSWORD,
    })
    await db.knex('merchant_users').where('id', account.id).update({ active: false })
    const inactive = await browser.post('/login', { email, password: TEST_PASSWORD })
    for (const response of [wrong, unknown, inactive]) {
      expect(response.status).toBe(401)
      expect(response.json.error?.code).toBe('INVALID_CREDENTIALS')
    }
    expect(browser.cookies.has(SESSION_COOKIES.merchant)).toBe(false)
  })

  it('loads a store-scoped manager with their stores, an owner with all', async () => {
    const app = await start({ audience: 'merchant' })
    const manager = await buildMerchantUserAccount(db.knex, merchant, {
      storeIds: [merchant.storeIds[1]],
    })
    const owner = await buildMerchantUserAccount(db.knex, merchant, { role: 'owner' })
    const browser = new TestBrowser(app.url)
    await browser.logIn(manager.email, TEST_PASSWORD)
    expect((await browser.get('/account')).text).toContain(
      `"role":"manager","storeIds":["${merchant.storeIds[1]}"]`,
    )
    await browser.logIn(owner.email, TEST_PASSWORD)
    expect((await browser.get('/account')).text).toContain('"role":"owner","storeIds":null')
  })

  it("does not let a customer's session or password work at another merchant", async () => {
    const other = await buildMerchant(db.knex)
    const home = await start({ audience: 'customer', merchantId: merchant.merchantId })
    const away = await start({ audience: 'customer', merchantId: other.merchantId })
    const { email } = await buildCustomerAccount(db.knex, merchant)
    const browser = new TestBrowser(home.url)
    await browser.logIn(email, TEST_PASSWORD)
    const token = browser.cookies.get(SESSION_COOKIES.customer)!
    const visitor = new TestBrowser(away.url)
    visitor.cookies.set(SESSION_COOKIES.customer, token)
    expect((await visitor.get('/account')).status).toBe(303)
    // Ignored there, not destroyed: it still works at home.
    expect((await browser.get('/account')).status).toBe(200)
    const attempt = await visitor.logIn(email, TEST_PASSWORD)
    expect(attempt.status).toBe(401)
  })
})

describe('requireSession', () => {
  it('sends a signed-out browser to the login page with the page to come back to', async () => {
    const app = await start({ audience: 'admin' })
    const response = await new TestBrowser(app.url).get('/account?tab=2')
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe(
      `/login?next=${encodeURIComponent('/account?tab=2')}`,
    )
  })

  it('answers 401 UNAUTHENTICATED to a JSON client', async () => {
    const app = await start({ audience: 'admin' })
    const browser = new TestBrowser(app.url, { accept: 'application/json' })
    const response = await browser.get('/account')
    expect(response.status).toBe(401)
    expect(response.json.error?.code).toBe('UNAUTHENTICATED')
  })

  it('after the idle timeout, leads to login and back, flagging the expiry', async () => {
    const app = await start({ audience: 'admin' })
    const { email } = await buildAdminAccount(db.knex)
    const browser = new TestBrowser(app.url)
    await browser.logIn(email, TEST_PASSWORD)
    const row = await sessionRow(browser.cookies.get(SESSION_COOKIES.admin)!)
    await ageSession(db.knex, row.id, 31 * 60)
    const response = await browser.get('/account')
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/login?next=%2Faccount')
    expect(browser.cookies.has(SESSION_COOKIES.admin)).toBe(false)
    expect(await db.knex('web_sessions').where('id', row.id).first()).toBeUndefined()
  })

  it('sends a form posted after the session ended to login, back to the form page', async () => {
    const app = await start({ audience: 'admin' })
    const { email } = await buildAdminAccount(db.knex)
    const browser = new TestBrowser(app.url)
    await browser.logIn(email, TEST_PASSWORD)
    await browser.get('/account')
    const row = await sessionRow(browser.cookies.get(SESSION_COOKIES.admin)!)
    await ageSession(db.knex, row.id, 13 * 3600)
    const response = await browser.post(
      '/account/echo',
      {},
      {
        headers: { referer: `${app.url}/account` },
      },
    )
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/login?next=%2Faccount')
  })

  it('honours the configured idle timeout', async () => {
    const settings = testSettings()
    settings.timeouts.admin = { idleSeconds: 5 * 60, absoluteSeconds: 3600 }
    const app = await start({ audience: 'admin', settings })
    const { email } = await buildAdminAccount(db.knex)
    const browser = new TestBrowser(app.url)
    await browser.logIn(email, TEST_PASSWORD)
    const row = await sessionRow(browser.cookies.get(SESSION_COOKIES.admin)!)
    await ageSession(db.knex, row.id, 6 * 60)
    expect((await browser.get('/account')).status).toBe(303)
  })
})

describe('logout', () => {
  it('destroys the session on the server, not only the cookie', async () => {
    const app = await start({ audience: 'customer', merchantId: merchant.merchantId })
    const { email } = await buildCustomerAccount(db.knex, merchant)
    const browser = new TestBrowser(app.url)
    await browser.logIn(email, TEST_PASSWORD)
    const token = browser.cookies.get(SESSION_COOKIES.customer)!
    await browser.get('/account')
    const response = await browser.post('/logout')
    expect(response.status).toBe(303)
    expect(browser.cookies.has(SESSION_COOKIES.customer)).toBe(false)
    expect(await sessionRow(token)).toBeUndefined()
    const replay = new TestBrowser(app.url)
    replay.cookies.set(SESSION_COOKIES.customer, token)
    expect((await replay.get('/account')).status).toBe(303)
  })
})

describe('cookie paths', () => {
  it('scopes merchant and admin cookies to their pages by default', async () => {
    const app = await start({ audience: 'merchant', cookie: {} })
    const { email } = await buildMerchantUserAccount(db.knex, merchant)
    const response = await new TestBrowser(app.url).logIn(email, TEST_PASSWORD)
    const cookie = response.setCookies.find((c) => c.startsWith(`${SESSION_COOKIES.merchant}=`))!
    expect(cookie).toMatch(/; path=\/merchant(;|$)/i)
  })
})
