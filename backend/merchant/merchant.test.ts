import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatCardNumber } from '../../shared/card-number.ts'
import { LANGUAGES, type Language } from '../../shared/languages.ts'
import { systemActor } from '../auth/actor.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { translator } from '../i18n/i18n.ts'
import { createKioskPairing } from '../kiosks/commands/create-kiosk.ts'
import { DEMO, DEMO_LOGINS, seedDemoData } from '../seed/demo-seed.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { createMerchantUser } from '../accounts/commands/create-merchant-user.ts'
import { loginAccountKey } from '../accounts/accounts.ts'
import { hitRateLimit } from '../security/rate-limit.ts'
import { DEFAULT_LIMITS } from '../accounts/settings.ts'
import { TestBrowser } from '../test/test-web-app.ts'
import { rawKeysIn } from '../test/raw-keys.ts'

// The merchant back office through the real app: sign-in and its answers, the session and its
// cookie, CSRF, the dashboard with a store manager's narrower view, the review list fed by a
// real kiosk sync, and every page in every language.

const db = useTestDatabase()
let app: TestApp

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())

const OWNER = DEMO_LOGINS.fashionOwner
const PASSWORD = 'a long manager password'

/** Text as React writes it into HTML. */
const html = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;')

const browser = (language: Language = 'en') =>
  new TestBrowser(app.url, { 'accept-language': language })

const logIn = async (b: TestBrowser, email: string, password: string, next?: string) => {
  await b.get(next ? `/merchant/login?next=${encodeURIComponent(next)}` : '/merchant/login')
  return b.post('/merchant/login', { email, password, ...(next ? { next } : {}) })
}

const newMerchantUser = async (props: {
  email: string
  storeIds?: string[]
  preferredLanguage?: Language
}) =>
  createMerchantUser(db.knex, {
    merchantId: DEMO.fashion.merchantId,
    email: props.email,
    name: 'Paula Manager',
    role: 'manager',
    storeIds: props.storeIds,
    password: PASSWORD,
    passwordCost: 10,
    preferredLanguage: props.preferredLanguage ?? 'en',
  })

/** A kiosk of the store, paired through the API, and its sync call. */
const pairKiosk = async (storeCode: string, name: string) => {
  const pairing = await createKioskPairing(db.knex, {
    merchantId: DEMO.fashion.merchantId,
    storeCode,
    name,
    baseUrl: 'http://localhost',
    actor: systemActor(DEMO.fashion.merchantId, 'test'),
  })
  const paired = await app.request('POST', '/api/v1/kiosk/pair', {
    body: { code: pairing.code, app_version: '1.0.0' },
  })
  expect(paired.status).toBe(201)
  const credential = paired.body.data.credential as string
  const sync = async (operations: unknown[]) => {
    const response = await app.request('POST', '/api/v1/kiosk/sync', {
      token: credential,
      body: {
        cursor: null,
        device_time: new Date().toISOString(),
        app_version: '1.0.0',
        queue_length: operations.length,
        operations,
      },
    })
    expect(response.status).toBe(200)
    return response.body.data
  }
  return { sync }
}

const offline = (type: string, payload: Record<string, unknown>) => ({
  client_id: randomUUID(),
  type,
  occurred_at: new Date().toISOString(),
  decided_offline: true,
  payload,
})

/**
 * An offline enrollment and an offline redemption of a 100-point reward on the new card, which
 * has only its 50 welcome points: the server keeps the redemption for review.
 */
const overdrawOffline = async (storeCode: string, kioskName: string, email: string) => {
  const kiosk = await pairKiosk(storeCode, kioskName)
  const [number] = (await kiosk.sync([])).changes.card_numbers as string[]
  const result = await kiosk.sync([
    offline('enroll', { card_number: number, email, name: 'Offline Member' }),
    offline('redeem', { card_number: number, reward_id: DEMO.fashion.rewardIds[0] }),
  ])
  expect(result.results.map((r: { outcome: string }) => r.outcome)).toEqual(['applied', 'review'])
  return number!
}

describe('merchant sign-in', () => {
  it('logs the owner in to the dashboard and out again', async () => {
    const b = browser()
    const page = await b.get('/merchant/login')
    expect(page.status).toBe(200)
    expect(page.text).toContain('<html lang="en">')
    expect(page.text).toContain('action="/merchant/login"')
    const loggedIn = await b.post('/merchant/login', {
      email: OWNER.email,
      password: OWNER.password,
    })
    expect(loggedIn.status).toBe(303)
    expect(loggedIn.headers.get('location')).toBe('/merchant')
    expect(loggedIn.setCookies.join()).toMatch(
      /rf_merchant_session=.+; path=\/merchant;.*httponly/i,
    )

    const dashboard = await b.get('/merchant')
    expect(dashboard.status).toBe(200)
    expect(dashboard.headers.get('cache-control')).toBe('no-store')
    // The owner's profile language is French.
    expect(dashboard.text).toContain('<html lang="fr">')
    expect(dashboard.text).toContain('Fashion Group S.A.')
    expect(dashboard.text).toContain('FashionHub')
    expect(dashboard.text).toContain('FashionOutlet')
    expect(dashboard.text).toContain('http://localhost/s/fashionhub/')
    expect(dashboard.text).toContain('Points Fashion')

    const out = await b.post('/merchant/logout')
    expect(out.status).toBe(303)
    expect(out.headers.get('location')).toBe('/merchant/login')
    const after = await b.get('/merchant')
    expect(after.status).toBe(303)
    expect(after.headers.get('location')).toBe('/merchant/login?next=%2Fmerchant')
  })

  it('answers a wrong password or an unknown address with 401 and one generic message in the page language', async () => {
    const b = browser('fr')
    await b.get('/merchant/login')
    const generic = errorMessage('INVALID_CREDENTIALS', {}, 'fr')
    const wrong = await b.post('/merchant/login', {
      email: OWNER.email,
      password: 'wrong-password',
    })
    const unknown = await b.post('/merchant/login', {
      email: 'nobody@example.lu',
      password: 'wrong-password',
    })
    for (const page of [wrong, unknown]) {
      expect(page.status).toBe(401)
      expect(page.text).toContain('<html lang="fr">')
      expect(page.text).toContain(html(generic))
      expect(page.text).toContain('role="alert"')
    }
    expect(wrong.text).toContain(`value="${OWNER.email}"`)
    expect(b.cookies.has('rf_merchant_session')).toBe(false)
  })

  it('shows inline errors for an empty form', async () => {
    const b = browser('de')
    await b.get('/merchant/login')
    const page = await b.post('/merchant/login', { email: ' ', password: '' })
    expect(page.status).toBe(422)
    const t = translator('de', 'merchant')
    expect(page.text).toContain(t('login.errors.email'))
    expect(page.text).toContain(t('login.errors.password'))
    expect(page.text).toContain('aria-invalid="true"')
  })

  it('says when there were too many attempts, with the time to come back', async () => {
    const email = 'rate.limited@fashion-group.lu'
    await newMerchantUser({ email })
    const key = loginAccountKey({ audience: 'merchant', email })
    for (let i = 0; i < DEFAULT_LIMITS.loginPerAccount.limit; i++)
      await hitRateLimit(db.knex, DEFAULT_LIMITS.loginPerAccount, key)
    const b = browser()
    const page = await logIn(b, email, PASSWORD)
    expect(page.status).toBe(429)
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(page.text).toMatch(/Too many attempts in a short time\. Please try again at \d\d:\d\d/)
    expect(b.cookies.has('rf_merchant_session')).toBe(false)
  })
})

describe('merchant sessions', () => {
  it('sends a visitor without a session to the login page and back to the page after', async () => {
    const b = browser()
    const asked = await b.get('/merchant?view=all')
    expect(asked.status).toBe(303)
    const login = asked.headers.get('location')!
    expect(login).toBe('/merchant/login?next=%2Fmerchant%3Fview%3Dall')
    const page = await b.get(login)
    expect(page.text).toContain('name="next" value="/merchant?view=all"')
    const back = await b.post('/merchant/login', {
      email: OWNER.email,
      password: OWNER.password,
      next: '/merchant?view=all',
    })
    expect(back.status).toBe(303)
    expect(back.headers.get('location')).toBe('/merchant?view=all')
    // Already signed in: the login page goes straight on.
    const again = await b.get('/merchant/login?next=%2Fmerchant')
    expect(again.status).toBe(303)
    expect(again.headers.get('location')).toBe('/merchant')
  })

  it('never follows a next address outside the merchant pages', async () => {
    for (const next of [
      '/admin',
      'https://evil.example/merchant',
      '//evil.example',
      '/s/fashionhub',
    ]) {
      const b = browser()
      const page = await logIn(b, OWNER.email, OWNER.password, next)
      expect(page.headers.get('location'), next).toBe('/merchant')
    }
  })

  it('refuses a form without its CSRF token', async () => {
    const b = browser()
    await b.get('/merchant/login')
    b.csrf = 'forged'
    const login = await b.post('/merchant/login', { email: OWNER.email, password: OWNER.password })
    expect(login.status).toBe(403)
    expect(b.cookies.has('rf_merchant_session')).toBe(false)

    const signedIn = browser()
    await logIn(signedIn, OWNER.email, OWNER.password)
    await signedIn.get('/merchant')
    signedIn.csrf = 'forged'
    const logout = await signedIn.post('/merchant/logout')
    expect(logout.status).toBe(403)
    expect((await signedIn.get('/merchant')).status).toBe(200)
  })

  it('does not open the admin pages with a merchant session', async () => {
    const b = browser()
    await logIn(b, OWNER.email, OWNER.password)
    const admin = await b.get('/admin')
    expect(admin.status).toBe(303)
    expect(admin.headers.get('location')).toBe('/admin/login?next=%2Fadmin')
    expect((await b.get('/admin/routing')).status).toBe(303)
  })
})

describe('the merchant dashboard', () => {
  it('lists offline operations the server kept for review, with the localized reason', async () => {
    const number = await overdrawOffline('FASHIONHUB', 'Hub till', 'overdraw.hub@example.lu')
    const b = browser()
    await logIn(b, OWNER.email, OWNER.password)
    const page = await b.get('/merchant')
    expect(page.text).toContain('Hub till')
    expect(page.text).toContain(formatCardNumber(number))
    expect(page.text).toContain('Récompense échangée')
    expect(page.text).toContain(
      html(errorMessage('INSUFFICIENT_POINTS', { balance: 50, cost: 100 }, 'fr')),
    )
    const kept = await db.knex('kiosk_operations').where({ outcome: 'review' }).count({ n: '*' })
    expect(Number(kept[0]!.n)).toBeGreaterThanOrEqual(1)
  })

  it('shows a store manager only the stores, members and reviews of their store', async () => {
    await overdrawOffline('FASHIONHUB', 'Hub counter', 'overdraw.hub2@example.lu')
    const outletNumber = await overdrawOffline(
      'FASHIONOUTLET',
      'Outlet till',
      'overdraw.outlet@example.lu',
    )
    const email = 'outlet.manager@fashion-group.lu'
    await newMerchantUser({ email, storeIds: [DEMO.fashion.outletStoreId] })
    const b = browser()
    const loggedIn = await logIn(b, email, PASSWORD)
    expect(loggedIn.status).toBe(303)
    const page = await b.get('/merchant')
    expect(page.status).toBe(200)
    expect(page.text).toContain('FashionOutlet')
    expect(page.text).not.toContain('FashionHub')
    expect(page.text).not.toContain('/s/fashionhub/')
    expect(page.text).toContain('Outlet till')
    expect(page.text).toContain(formatCardNumber(outletNumber))
    expect(page.text).not.toContain('Hub till')
    expect(page.text).not.toContain('Hub counter')
    const members = await db
      .knex('cards')
      .where('enrolled_store_id', DEMO.fashion.outletStoreId)
      .count<{ n: string }[]>({ n: '*' })
    const tile = /Members<\/p><p class="stat__value">([^<]+)<\/p>/.exec(page.text)
    expect(tile?.[1]).toBe(String(Number(members[0]!.n)))
  })

  it('renders the login page and the dashboard in every language, with no raw key', async () => {
    const email = 'polyglot@fashion-group.lu'
    await newMerchantUser({ email })
    const b = browser()
    await logIn(b, email, PASSWORD)
    for (const language of LANGUAGES) {
      await b.get('/merchant')
      const chosen = await b.post('/merchant/language', { language, next: '/merchant' })
      expect(chosen.status).toBe(303)
      expect(chosen.headers.get('location')).toBe('/merchant')
      const dashboard = await b.get('/merchant')
      const login = await browser(language).get('/merchant/login')
      for (const page of [dashboard, login]) {
        expect(page.text).toContain(`<html lang="${language}">`)
        expect(rawKeysIn(page.text)).toEqual([])
      }
      expect(dashboard.text).toContain(translator(language, 'merchant')('review.title'))
    }
    const profile = await db.knex('merchant_users').where({ email }).first('preferred_language')
    expect(profile.preferred_language).toBe('lb')
  })
})
