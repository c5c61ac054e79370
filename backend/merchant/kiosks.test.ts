import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES, type Language } from '../../shared/languages.ts'
import { translator } from '../i18n/i18n.ts'
import { DEMO, DEMO_LOGINS, seedDemoData } from '../seed/demo-seed.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { createMerchantUser } from '../accounts/commands/create-merchant-user.ts'
import type { TestBrowser } from '../test/test-web-app.ts'
import { signInMerchant } from '../test/merchant-sign-in.ts'
import { formatPairingCode } from '../../shared/schemas/kiosk-api.ts'
import { rawKeysIn } from '../test/raw-keys.ts'

// The Kiosks page through the real app: an owner pairs a kiosk and the code on the page works
// on the real pairing API; revoking locks the kiosk out at its next sync; other merchants and
// other stores' managers neither see nor revoke; CSRF; every language.

const db = useTestDatabase()
let app: TestApp

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())

const OWNER = DEMO_LOGINS.fashionOwner
const PASSWORD = 'a long manager password'

const logIn = (email: string, password: string, language?: Language) =>
  signInMerchant(app.url, email, password, language)

const newManager = async (props: {
  email: string
  merchantId?: string
  storeIds?: string[]
  language?: Language
}) => {
  await createMerchantUser(db.knex, {
    merchantId: props.merchantId ?? DEMO.fashion.merchantId,
    email: props.email,
    name: 'Paula Manager',
    role: 'manager',
    storeIds: props.storeIds,
    password: PASSWORD,
    passwordCost: 10,
    preferredLanguage: props.language ?? 'en',
  })
  return logIn(props.email, PASSWORD)
}

/** The code as the page shows it (XXXX-XXXX). */
const shownCode = (text: string) => {
  const match = /<code id="pairing-code"[^>]*>([A-Z0-9]{4}-[A-Z0-9]{4})<\/code>/.exec(text)
  expect(match, 'a pairing code on the page').not.toBeNull()
  return match![1]!
}

/** Pairs a kiosk from the page (GET for the CSRF token, then POST). */
const pairFromPage = async (b: TestBrowser, store: string, name: string) => {
  await b.get('/merchant/kiosks')
  return b.post('/merchant/kiosks', { store, name })
}

const kioskId = async (name: string) =>
  (await db.knex('kiosks').where({ name }).first('id')).id as string

const pairDevice = async (code: string) =>
  app.request('POST', '/api/v1/kiosk/pair', { body: { code, app_version: '2.3.4' } })

const sync = (credential: string) =>
  app.request('POST', '/api/v1/kiosk/sync', {
    token: credential,
    body: {
      cursor: null,
      device_time: new Date().toISOString(),
      app_version: '2.3.4',
      queue_length: 3,
      operations: [],
    },
  })

describe('pairing a kiosk from the Kiosks page', () => {
  it('shows the owner a one-time code and QR that the kiosk pairing API accepts once', async () => {
    const owner = await logIn(OWNER.email, OWNER.password)
    const page = await owner.get('/merchant/kiosks')
    expect(page.status).toBe(200)
    // The owner's profile language is French.
    expect(page.text).toContain('<html lang="fr">')
    expect(page.text).toContain('action="/merchant/kiosks"')
    expect(page.text).toMatch(/<option value="FASHIONHUB"[^>]*>FashionHub<\/option>/)
    expect(page.text).toContain('href="/merchant/kiosks"')

    const created = await owner.post('/merchant/kiosks', { store: 'FASHIONHUB', name: 'Caisse 2' })
    expect(created.status).toBe(201)
    expect(created.headers.get('cache-control')).toBe('no-store')
    const code = shownCode(created.text)
    expect(created.text).toContain('Code d’appairage pour Caisse 2 (FashionHub)')
    expect(created.text).toContain('expire dans 10 minutes')
    expect(created.text).toMatch(/<svg[^>]*viewBox/)
    const stored = await db.knex('kiosks').where({ name: 'Caisse 2' }).first()
    expect(stored).toMatchObject({ status: 'pending', store_id: DEMO.fashion.hubStoreId })
    expect(stored.pairing_code_hash).toMatch(/^[0-9a-f]{64}$/)
    const audit = await db
      .knex('audit_log')
      .where({ action: 'kiosk.create', subject_id: stored.id })
      .first()
    expect(audit).toMatchObject({ actor_type: 'merchant_user', actor_id: DEMO.fashion.ownerUserId })

    // The list shows it waiting, then active with its version once paired.
    const listed = await owner.get('/merchant/kiosks')
    expect(listed.text).toContain('Caisse 2')
    expect(listed.text).toContain('En attente d’appairage')
    expect(listed.text).not.toContain(code)

    const paired = await pairDevice(code)
    expect(paired.status).toBe(201)
    expect(paired.body.data.store.code).toBe('FASHIONHUB')
    expect((await pairDevice(code)).status).not.toBe(201)
    expect((await sync(paired.body.data.credential)).status).toBe(200)
    const active = await owner.get('/merchant/kiosks')
    const row = new RegExp(`<tr data-kiosk="${stored.id}">.*?</tr>`).exec(active.text)![0]
    expect(row).toContain('badge--success')
    expect(row).toContain('2.3.4')
    expect(row).toMatch(/<td data-label="Opérations en attente" class="num">3<\/td>/)
    // Dates in the page's language (French: "21 nov. 2026, 09:29").
    expect(row).toMatch(/<time dateTime="[^"]+">\d{1,2} [a-zéû]+\.? \d{4}/)
  })

  it('gives a kiosk still waiting for pairing a new code that replaces the first', async () => {
    const owner = await logIn(OWNER.email, OWNER.password)
    const first = shownCode((await pairFromPage(owner, 'FASHIONOUTLET', 'Outlet spare')).text)
    await owner.get('/merchant/kiosks')
    const again = await owner.post('/merchant/kiosks/code', {
      kiosk: await kioskId('Outlet spare'),
    })
    expect(again.status).toBe(201)
    const second = shownCode(again.text)
    expect(second).not.toBe(first)
    const stale = await pairDevice(first)
    expect(stale.status).toBe(404)
    expect(stale.body.error.code).toBe('PAIRING_CODE_INVALID')
    expect((await pairDevice(second)).status).toBe(201)
    expect(await db.knex('kiosks').where({ name: 'Outlet spare' })).toHaveLength(1)
  })

  it('answers an empty name or an unknown store with inline errors and no kiosk', async () => {
    const owner = await logIn(OWNER.email, OWNER.password)
    const t = translator('fr', 'merchant')
    const empty = await pairFromPage(owner, 'FASHIONHUB', '  ')
    expect(empty.status).toBe(422)
    expect(empty.text).toContain(t('kiosks.errors.name'))
    const cafe = await pairFromPage(owner, 'CAFEGARE', 'Not mine')
    expect(cafe.status).toBe(422)
    expect(cafe.text).toContain(t('kiosks.errors.store'))
    expect(await db.knex('kiosks').where({ name: 'Not mine' })).toHaveLength(0)
  })

  it('refuses a pairing or a revocation sent without the form’s CSRF token', async () => {
    const owner = await logIn(OWNER.email, OWNER.password)
    await owner.get('/merchant/kiosks')
    const forged = await owner.post('/merchant/kiosks', {
      _csrf: 'forged',
      store: 'FASHIONHUB',
      name: 'Forged kiosk',
    })
    expect(forged.status).toBe(403)
    expect(await db.knex('kiosks').where({ name: 'Forged kiosk' })).toHaveLength(0)

    shownCode((await pairFromPage(owner, 'FASHIONHUB', 'Kept kiosk')).text)
    await owner.get('/merchant/kiosks')
    const revoke = await owner.post('/merchant/kiosks/revoke', {
      _csrf: 'forged',
      kiosk: await kioskId('Kept kiosk'),
    })
    expect(revoke.status).toBe(403)
    expect(await db.knex('kiosks').where({ name: 'Kept kiosk' }).first('status')).toEqual({
      status: 'pending',
    })
  })
})

describe('revoking a kiosk', () => {
  it('locks the kiosk out at its next sync with DEVICE_REVOKED and shows it revoked', async () => {
    const owner = await logIn(OWNER.email, OWNER.password)
    const code = shownCode((await pairFromPage(owner, 'FASHIONHUB', 'Lost till')).text)
    const paired = await pairDevice(code)
    const credential = paired.body.data.credential as string
    expect((await sync(credential)).status).toBe(200)

    const page = await owner.get('/merchant/kiosks')
    expect(page.text).toContain('data-confirm="Révoquer la borne «\u00a0Lost till\u00a0»\u00a0?')
    const id = await kioskId('Lost till')
    const revoked = await owner.post('/merchant/kiosks/revoke', { kiosk: id })
    expect(revoked.status).toBe(303)
    expect(revoked.headers.get('location')).toBe('/merchant/kiosks?revoked=1')

    const refused = await sync(credential)
    expect(refused.status).toBe(401)
    expect(refused.body.error.code).toBe('DEVICE_REVOKED')
    const audit = await db.knex('audit_log').where({ action: 'kiosk.revoke', subject_id: id })
    expect(audit).toHaveLength(1)

    const after = await owner.get('/merchant/kiosks?revoked=1')
    expect(after.text).toContain(translator('fr', 'merchant')('kiosks.revoked'))
    const row = new RegExp(`<tr data-kiosk="${id}">.*?</tr>`).exec(after.text)![0]
    expect(row).toContain('badge--danger')
    expect(row).not.toContain('/merchant/kiosks/revoke')

    // A second click changes nothing.
    await owner.get('/merchant/kiosks')
    expect((await owner.post('/merchant/kiosks/revoke', { kiosk: id })).status).toBe(303)
    expect(
      await db.knex('audit_log').where({ action: 'kiosk.revoke', subject_id: id }),
    ).toHaveLength(1)
  })
})

describe('who sees which kiosks', () => {
  it('keeps another merchant from seeing or revoking this merchant’s kiosks', async () => {
    const owner = await logIn(OWNER.email, OWNER.password)
    shownCode((await pairFromPage(owner, 'FASHIONHUB', 'Fashion only')).text)
    const id = await kioskId('Fashion only')

    const cafe = await newManager({
      email: 'manager@cafe-letzebuerg.lu',
      merchantId: DEMO.cafe.merchantId,
    })
    const page = await cafe.get('/merchant/kiosks')
    expect(page.status).toBe(200)
    expect(page.text).not.toContain('Fashion only')
    expect(page.text).not.toContain('FASHIONHUB')
    for (const path of ['/merchant/kiosks/revoke', '/merchant/kiosks/code']) {
      const refused = await cafe.post(path, { kiosk: id })
      expect(refused.status, path).toBe(404)
    }
    expect((await cafe.post('/merchant/kiosks/revoke', { kiosk: 'not-a-uuid' })).status).toBe(404)
    expect(await db.knex('kiosks').where({ id }).first('status')).toEqual({ status: 'pending' })
  })

  it('shows a store manager only their store’s kiosks and stores', async () => {
    const owner = await logIn(OWNER.email, OWNER.password)
    shownCode((await pairFromPage(owner, 'FASHIONHUB', 'Hub only')).text)
    shownCode((await pairFromPage(owner, 'FASHIONOUTLET', 'Outlet only')).text)

    const manager = await newManager({
      email: 'outlet.kiosks@fashion-group.lu',
      storeIds: [DEMO.fashion.outletStoreId],
    })
    const page = await manager.get('/merchant/kiosks')
    expect(page.status).toBe(200)
    expect(page.text).toContain('Outlet only')
    expect(page.text).not.toContain('Hub only')
    expect(page.text).toContain('<option value="FASHIONOUTLET"')
    expect(page.text).not.toContain('<option value="FASHIONHUB"')

    // Another store's kiosk: neither revoked nor paired from here.
    const hubKiosk = await kioskId('Hub only')
    expect((await manager.post('/merchant/kiosks/revoke', { kiosk: hubKiosk })).status).toBe(404)
    const hub = await manager.post('/merchant/kiosks', { store: 'FASHIONHUB', name: 'Sneaky' })
    expect(hub.status).toBe(422)
    expect(await db.knex('kiosks').where({ name: 'Sneaky' })).toHaveLength(0)

    // Their own store's: both.
    await manager.get('/merchant/kiosks')
    const created = await manager.post('/merchant/kiosks', {
      store: 'FASHIONOUTLET',
      name: 'Outlet by manager',
    })
    expect(created.status).toBe(201)
    expect(created.text).toContain(formatPairingCode(shownCode(created.text).replace('-', '')))
    await manager.get('/merchant/kiosks')
    const outletKiosk = await kioskId('Outlet only')
    expect((await manager.post('/merchant/kiosks/revoke', { kiosk: outletKiosk })).status).toBe(303)
  })
})

describe('the Kiosks page in every language', () => {
  it("shows each kiosk's sync health: waiting operations and the oldest's age, clock skew, wrong PINs today", async () => {
    const owner = await logIn(OWNER.email, OWNER.password)
    const created = await owner.post('/merchant/kiosks', { store: 'FASHIONHUB', name: 'Santé' })
    const paired = await pairDevice(shownCode(created.text))
    const kioskId = paired.body.data.kiosk_id as string
    const now = Date.now()
    const pinFailed = (minutesAgo: number) => ({
      client_id: crypto.randomUUID(),
      type: 'pin_failed',
      occurred_at: new Date(now + 5 * 60_000 - minutesAgo * 60_000).toISOString(),
      payload: { consecutive_failures: 1 },
    })
    const synced = await app.request('POST', '/api/v1/kiosk/sync', {
      token: paired.body.data.credential,
      body: {
        cursor: null,
        // The kiosk's clock is 5 minutes fast.
        device_time: new Date(now + 5 * 60_000).toISOString(),
        app_version: '2.3.5',
        queue_length: 6,
        operations: [pinFailed(1), pinFailed(2)],
        oldest_pending_at: new Date(now + 5 * 60_000 - 3 * 3_600_000).toISOString(),
      },
    })
    expect(synced.status).toBe(200)
    expect(await db.knex('kiosks').where('id', kioskId).first()).toMatchObject({
      queue_length: 4,
      app_version: '2.3.5',
    })
    const page = await owner.get('/merchant/kiosks')
    const row = new RegExp(`<tr data-kiosk="${kioskId}">.*?</tr>`).exec(page.text)![0]
    const t = translator('fr', 'merchant')
    expect(row).toContain('2.3.5')
    expect(row).toContain(t('kiosk_health.clock_skew', { minutes: '5' }))
    expect(row).toMatch(/data-oldest-pending[^>]*>il y a 3 heures</)
    expect(row).toContain(
      `data-pin-failures="true">${t('kiosk_health.pin_failures_today', { count: 2 })}<`,
    )
  })

  it('renders with localized texts and dates and no raw key', async () => {
    const owner = await logIn(OWNER.email, OWNER.password)
    const code = shownCode((await pairFromPage(owner, 'FASHIONHUB', 'Polyglot till')).text)
    expect((await pairDevice(code)).status).toBe(201)
    for (const language of LANGUAGES) {
      await owner.get('/merchant/kiosks')
      const chosen = await owner.post('/merchant/language', {
        language,
        next: '/merchant/kiosks',
      })
      expect(chosen.headers.get('location')).toBe('/merchant/kiosks')
      const page = await owner.get('/merchant/kiosks')
      const t = translator(language, 'merchant')
      expect(page.status).toBe(200)
      expect(page.text).toContain(`<html lang="${language}">`)
      expect(page.text).toContain(t('kiosks.pair_title'))
      expect(page.text).toContain(t('kiosks.status_active'))
      expect(page.text).toContain(t('nav.kiosks'))
      expect(rawKeysIn(page.text)).toEqual([])
      const created = await owner.post('/merchant/kiosks', {
        store: 'FASHIONOUTLET',
        name: `Till ${language}`,
      })
      expect(created.status).toBe(201)
      expect(created.text).toContain(t('kiosks.code_label'))
      expect(rawKeysIn(created.text)).toEqual([])
    }
  })
})
