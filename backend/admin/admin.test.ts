import { rawKeysIn } from '../test/raw-keys.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES, type Language } from '../../shared/languages.ts'
import { loadConfig } from '../config.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { translator } from '../i18n/i18n.ts'
import { DEMO, DEMO_ADMIN_TOTP_SECRET, DEMO_LOGINS, seedDemoData } from '../seed/demo-seed.ts'
import { enrolAdminForTests, signInAdmin } from '../test/admin-sign-in.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { createPlatformAdmin } from '../accounts/commands/create-platform-admin.ts'
import { TestBrowser } from '../test/test-web-app.ts'
import {
  redirectPrefixProblems,
  runRoutingDiagnostics,
  STOREFRONT_PAGES,
} from './routing-diagnostics.ts'

// The platform administration through the real app: sign-in, sessions kept apart from the
// merchant's, CSRF, the dashboard, and the routing diagnostics run against the live app.

const db = useTestDatabase()
let app: TestApp

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())

const ADMIN = DEMO_LOGINS.admin
const OWNER = DEMO_LOGINS.fashionOwner

const browser = (language: Language = 'en') =>
  new TestBrowser(app.url, { 'accept-language': language })

const logIn = (
  b: TestBrowser,
  email: string = ADMIN.email,
  password: string = ADMIN.password,
  next?: string,
) => signInAdmin(b, db.knex, { email, password, totpSecret: DEMO_ADMIN_TOTP_SECRET }, next)

/** Text as React writes it into HTML. */
const html = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;')

describe('admin sign-in and sessions', () => {
  it('logs the admin in to the platform overview and out again', async () => {
    const b = browser()
    const page = await b.get('/admin/login')
    expect(page.status).toBe(200)
    expect(page.text).toContain('<html lang="en">')
    const loggedIn = await logIn(b)
    expect(loggedIn.status).toBe(303)
    expect(loggedIn.headers.get('location')).toBe('/admin')
    expect(loggedIn.setCookies.join()).toMatch(/rf_admin_session=.+; path=\/admin;.*httponly/i)

    const overview = await b.get('/admin')
    expect(overview.status).toBe(200)
    expect(overview.headers.get('cache-control')).toBe('no-store')
    for (const name of [
      'Fashion Group S.A.',
      'Café Lëtzebuerg S.à r.l.',
      'FashionHub',
      'Café de la Gare',
    ])
      expect(overview.text).toContain(html(name))
    const fashionMembers = await db
      .knex('cards')
      .where('merchant_id', DEMO.fashion.merchantId)
      .count<{ n: string }[]>({ n: '*' })
    expect(overview.text).toContain(
      `<td data-label="Members" class="num">${Number(fashionMembers[0]!.n)}</td>`,
    )
    expect(overview.text).toContain('Job queue')
    expect(overview.text).toContain('href="/admin/routing"')

    const out = await b.post('/admin/logout')
    expect(out.status).toBe(303)
    expect(out.headers.get('location')).toBe('/admin/login')
    const after = await b.get('/admin')
    expect(after.status).toBe(303)
    expect(after.headers.get('location')).toBe('/admin/login?next=%2Fadmin')
  })

  it('answers a wrong password with 401 and the generic message in the page language', async () => {
    const b = browser('de')
    await b.get('/admin/login')
    const page = await b.post('/admin/login', { email: ADMIN.email, password: 'not-the-password' })
    expect(page.status).toBe(401)
    expect(page.text).toContain('<html lang="de">')
    expect(page.text).toContain(html(errorMessage('INVALID_CREDENTIALS', {}, 'de')))
    expect(b.cookies.has('rf_admin_session')).toBe(false)
  })

  it('sends a visitor without a session to the login page and back to the page after', async () => {
    const b = browser()
    const asked = await b.get('/admin/routing')
    expect(asked.status).toBe(303)
    expect(asked.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Frouting')
    const back = await logIn(b, ADMIN.email, ADMIN.password, '/admin/routing')
    expect(back.status).toBe(303)
    expect(back.headers.get('location')).toBe('/admin/routing')
    const merchantNext = await logIn(browser(), ADMIN.email, ADMIN.password, '/merchant')
    expect(merchantNext.headers.get('location')).toBe('/admin')
  })

  it('refuses a form without its CSRF token', async () => {
    const b = browser()
    await b.get('/admin/login')
    b.csrf = 'forged'
    const login = await b.post('/admin/login', { email: ADMIN.email, password: ADMIN.password })
    expect(login.status).toBe(403)
    expect(b.cookies.has('rf_admin_session')).toBe(false)
    const language = await b.post('/admin/language', { language: 'fr', next: '/admin/login' })
    expect(language.status).toBe(403)
  })

  it('does not open the merchant pages with an admin session, nor the admin pages with a merchant one', async () => {
    const admin = browser()
    await logIn(admin)
    const merchantPage = await admin.get('/merchant')
    expect(merchantPage.status).toBe(303)
    expect(merchantPage.headers.get('location')).toBe('/merchant/login?next=%2Fmerchant')

    const owner = browser()
    await owner.get('/merchant/login')
    await owner.post('/merchant/login', { email: OWNER.email, password: OWNER.password })
    expect((await owner.get('/merchant')).status).toBe(200)
    const adminPage = await owner.get('/admin')
    expect(adminPage.status).toBe(303)
    expect(adminPage.headers.get('location')).toBe('/admin/login?next=%2Fadmin')
    // An owner's password is no admin password.
    const asAdmin = await logIn(owner, OWNER.email, OWNER.password)
    expect(asAdmin.status).toBe(401)
  })

  it('leads the platform’s home to the merchant pages', async () => {
    const home = await browser().get('/')
    expect(home.status).toBe(303)
    expect(home.headers.get('location')).toBe('/merchant')
  })
})

describe('routing diagnostics', () => {
  it('shows every demo store green in every host form, checked against the live app', async () => {
    const b = browser()
    await logIn(b)
    const page = await b.get('/admin/routing')
    expect(page.status).toBe(200)
    expect(page.text).toContain('data-summary="ok"')
    expect(page.text).not.toContain('data-verdict="failed"')
    // FASHIONHUB has all three host forms, FASHIONOUTLET and CAFEGARE a subdomain and the path.
    const checks = (3 + 2 + 2) * STOREFRONT_PAGES.length
    expect(page.text).toContain(`All ${checks} page checks`)
    for (const name of ['FashionHub', 'FashionOutlet', 'Café de la Gare'])
      expect(page.text).toContain(html(name))
    expect(page.text).toContain('href="http://fashionhub.lu/join"')
    expect(page.text).toContain('href="http://fashionhub.localhost/join"')
    expect(page.text).toContain('href="http://localhost/s/fashionhub/join"')
    // The live app's redirects: the home leads to the join page in the visitor's host form.
    const text = page.text.replace(/<[^>]+>/g, '')
    expect(text).toContain('303 → /join')
    expect(text).toContain('303 → /s/fashionhub/join')
    expect(page.text).toContain('This store has no custom domain.')
  })

  it('runs every page through the resolver and the live app, and checks redirects', async () => {
    const address = new URL(app.url)
    const config = loadConfig({
      ...process.env,
      BASE_URL: 'http://localhost',
      DATABASE_URL: undefined,
    })
    const report = await runRoutingDiagnostics(db.knex, config, {
      live: { host: address.hostname, port: Number(address.port) },
    })
    expect(report.live).toBe(true)
    expect(report.summary).toMatchObject({ failed: 0, redirectsFailed: 0, notConfigured: 2 })
    const hub = report.stores.find((store) => store.code === 'FASHIONHUB')!
    const subdomain = hub.forms.find((form) => form.hostForm === 'subdomain')!
    const join = subdomain.pages.find((check) => check.page === 'join')!
    expect(join).toMatchObject({
      link: '/join',
      url: 'http://fashionhub.localhost/join',
      resolved: { storeCode: 'FASHIONHUB', path: '/join' },
      live: { status: 200, location: null },
      problems: [],
    })
    expect(subdomain.redirects).toContainEqual({
      kind: 'after_login',
      page: 'account',
      from: '/s/fashionhub/account',
      location: '/account',
      problems: [],
    })
    expect(subdomain.redirects).toContainEqual(
      expect.objectContaining({ kind: 'live', page: 'home', location: '/join', problems: [] }),
    )
  })

  it('flags a custom domain that the platform’s own host shadows', async () => {
    const config = loadConfig({
      ...process.env,
      BASE_URL: 'http://localhost',
      DATABASE_URL: undefined,
    })
    await db
      .knex('stores')
      .where('id', DEMO.cafe.storeId)
      .update({ custom_domain: 'rewardflow.lu' })
    try {
      const report = await runRoutingDiagnostics(db.knex, config)
      const cafe = report.stores.find((store) => store.code === 'CAFEGARE')!
      const custom = cafe.forms.find((form) => form.hostForm === 'custom')!
      expect(custom.pages.every((check) => check.problems.includes('home_not_resolved'))).toBe(true)
      expect(report.summary.failed).toBe(STOREFRONT_PAGES.length)
      expect(report.live).toBe(false)
    } finally {
      await db.knex('stores').where('id', DEMO.cafe.storeId).update({ custom_domain: null })
    }
  })

  it('knows a redirect that carries /s/ on a store’s own host, or lacks it on the path form', () => {
    expect(
      redirectPrefixProblems('/join', 'https://fashionhub.lu/', 'custom', '/s/fashionhub'),
    ).toEqual([])
    expect(
      redirectPrefixProblems(
        '/s/fashionhub/join',
        'https://fashionhub.lu/',
        'custom',
        '/s/fashionhub',
      ),
    ).toEqual(['redirect_prefix'])
    expect(
      redirectPrefixProblems(
        '/login?next=%2Fs%2Ffashionhub%2Faccount',
        'https://fashionhub.rewardflow.lu/account',
        'subdomain',
        '/s/fashionhub',
      ),
    ).toEqual(['redirect_prefix'])
    expect(
      redirectPrefixProblems(
        '/join',
        'https://rewardflow.lu/s/fashionhub/',
        'path',
        '/s/fashionhub',
      ),
    ).toEqual(['redirect_prefix_missing'])
    expect(
      redirectPrefixProblems(
        'https://rewardflow.lu/s/fashionhub/join',
        'https://rewardflow.lu/s/fashionhub/',
        'path',
        '/s/fashionhub',
      ),
    ).toEqual([])
  })
})

describe('admin pages in every language', () => {
  it('renders the login, overview and routing pages with their lang and no raw key', async () => {
    const email = 'polyglot.admin@rewardflow.lu'
    await createPlatformAdmin(db.knex, {
      email,
      name: 'Polyglot Admin',
      password: 'a long admin password',
      passwordCost: 10,
    })
    await enrolAdminForTests(db.knex, email, DEMO_ADMIN_TOTP_SECRET)
    const b = browser()
    await logIn(b, email, 'a long admin password')
    for (const language of LANGUAGES) {
      await b.get('/admin')
      const chosen = await b.post('/admin/language', { language, next: '/admin/routing' })
      expect(chosen.status).toBe(303)
      expect(chosen.headers.get('location')).toBe('/admin/routing')
      const pages = [
        await b.get('/admin'),
        await b.get('/admin/routing'),
        await browser(language).get('/admin/login'),
      ]
      for (const page of pages) {
        expect(page.status).toBe(200)
        expect(page.text).toContain(`<html lang="${language}">`)
        expect(rawKeysIn(page.text)).toEqual([])
      }
      expect(pages[1]!.text).toContain(
        html(translator(language, 'admin')('routing.summary_ok_title')),
      )
    }
  })
})
