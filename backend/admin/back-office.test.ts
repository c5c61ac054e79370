import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../shared/languages.ts'
import { translator } from '../i18n/i18n.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { platformAdminActor } from '../auth/actor.ts'
import { createStore } from '../tenancy/commands/admin-stores.ts'
import { createKioskPairing } from '../kiosks/commands/create-kiosk.ts'
import { DEMO, DEMO_LOGINS, seedDemoData } from '../seed/demo-seed.ts'
import { signInDemoAdmin } from '../test/admin-sign-in.ts'
import { apiKeyOf, buildCard, buildMerchant, type BuiltMerchant } from '../test/factories.ts'
import { rawKeysIn } from '../test/raw-keys.ts'
import { TEST_PASSWORD } from '../test/test-accounts.ts'
import { createMerchantUser } from '../accounts/commands/create-merchant-user.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { TestBrowser } from '../test/test-web-app.ts'
import type { DomainResolver } from '../tenancy/domain-check.ts'

// The admin's back office through the real app: platforms, merchants, stores, suspension and
// closing seen from every side (storefront, kiosk, API key, the merchant's sign-in) and undone,
// uniqueness under a race, the audit log and its CSV, every page in every language.

const db = useTestDatabase()
let app: TestApp

// The DNS check answers from here, never from the internet.
const DNS: Record<string, string[]> = {
  'rewardflow.lu': ['192.0.2.10'],
  'fidelite.reuter.lu': ['192.0.2.10'],
  'elsewhere.reuter.lu': ['198.51.100.7'],
}
const localResolver: DomainResolver = {
  resolve4: async (host) => {
    const answer = DNS[host]
    if (!answer) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' })
    return answer
  },
  resolve6: async () => [],
}

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex, {}, { domainResolver: localResolver })
})
afterAll(() => app.close())

const admin = (language: (typeof LANGUAGES)[number] = 'en') =>
  signInDemoAdmin(app.url, db.knex, language)

const versionOf = (html: string, form = 0) =>
  [...html.matchAll(/name="version" value="(\d+)"/g)][form]![1]!

const audits = (action: string) => db.knex('audit_log').where('action', action)

const newMerchant = async (b: TestBrowser, slug: string, name = 'Boulangerie Reuter') => {
  const created = await b.post('/admin/merchants', {
    name,
    slug,
    platform_id: DEMO.platformId,
    country: 'lu',
    currency: 'eur',
    default_language: 'fr',
    pin_length: '5',
  })
  expect(created.status).toBe(303)
  const id = /\/admin\/merchants\/([0-9a-f-]{36})\?done=created/.exec(
    created.headers.get('location')!,
  )![1]!
  return id
}

const storeBody = (code: string, extra: Record<string, string> = {}) => ({
  code,
  name: `Store ${code}`,
  subdomain: '',
  custom_domain: '',
  timezone: 'Europe/Luxembourg',
  default_language: 'fr',
  currency: 'EUR',
  ...extra,
})

describe('every back-office page', () => {
  it('renders in every language with the right <html lang> and no raw key', async () => {
    const b = await admin()
    const merchantId = await newMerchant(b, 'lang-check')
    const store = await b.post(`/admin/merchants/${merchantId}/stores`, {
      ...storeBody('LANG-CHECK'),
      custom_domain: 'fidelite.reuter.lu',
    })
    expect(store.status).toBe(303)
    const storePath = store.headers.get('location')!.split('?')[0]!
    for (const language of LANGUAGES) {
      await b.post('/admin/language', { language, next: '/admin' })
      const t = translator(language, 'back_office')
      for (const [path, text] of [
        ['/admin', t('dashboard.title')],
        ['/admin/merchants', t('merchants.create_title')],
        [`/admin/merchants/${merchantId}`, t('invite.title')],
        [storePath, t('stores.edit_title')],
        [`${storePath}?check=dns`, t('dns.points_here')],
        ['/admin/platforms', t('platforms.create_title')],
        ['/admin/audit', t('audit.rows_title')],
      ] as const) {
        const page = await b.get(path)
        expect(page.status, path).toBe(200)
        expect(page.text).toContain(`<html lang="${language}">`)
        expect(page.text).toContain(text)
        expect(rawKeysIn(page.text), `${path} in ${language}`).toEqual([])
      }
    }
  })
})

describe('merchants', () => {
  it('creates a merchant with an audit row by the admin, and finds it by search', async () => {
    const b = await admin()
    const id = await newMerchant(b, 'boulangerie-reuter')
    const row = await db.knex('merchants').where('id', id).first()
    expect(row).toMatchObject({
      name: 'Boulangerie Reuter',
      country: 'LU',
      currency: 'EUR',
      default_language: 'fr',
      status: 'active',
      settings: { kiosk: { pin_length: 5 } },
    })
    // Its owner finds a draft programme to set up (it cannot go live without terms).
    const programmes = await db.knex('programmes').where('merchant_id', id).select('type', 'status')
    expect(programmes).toEqual([{ type: 'points', status: 'draft' }])
    const audit = await audits('merchant.create').where('merchant_id', id).first()
    expect(audit).toMatchObject({ actor_type: 'platform_admin', actor_id: DEMO.platformAdminId })
    expect(audit.data.after).toMatchObject({ slug: 'boulangerie-reuter', pin_length: 5 })
    const found = await b.get('/admin/merchants?q=reuter')
    expect(found.text).toContain(`/admin/merchants/${id}`)
    expect((await b.get('/admin/merchants?q=nothing-like-it')).text).not.toContain(
      `/admin/merchants/${id}`,
    )
  })

  it('refuses a taken or malformed slug with field errors in the page language, keeping the values', async () => {
    const b = await admin('de')
    await newMerchant(b, 'taken-slug')
    const t = translator('de', 'back_office')
    const taken = await b.post('/admin/merchants', {
      name: 'Zweiter',
      slug: 'taken-slug',
      platform_id: DEMO.platformId,
      country: 'LU',
      currency: 'EUR',
      default_language: 'de',
      pin_length: '4',
    })
    expect(taken.status).toBe(422)
    expect(taken.text).toContain(t('errors.taken'))
    expect(taken.text).toContain('value="Zweiter"')
    const bad = await b.post('/admin/merchants', {
      name: '',
      slug: 'No Spaces',
      platform_id: DEMO.platformId,
      country: 'Luxembourg',
      currency: 'EUR',
      default_language: 'de',
      pin_length: '4',
    })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('id="field-slug-error"')
    expect(bad.text).toContain('id="field-country-error"')
    expect(bad.text).toContain('value="No Spaces"')
    expect(await db.knex('merchants').where('name', 'Zweiter').first()).toBeUndefined()
  })

  it('invites the owner through the invitation flow; the dashboard counts the merchant as waiting', async () => {
    const b = await admin()
    const id = await newMerchant(b, 'invite-owner')
    const waiting = async () => {
      const page = await b.get('/admin')
      return Number(
        /Waiting for an owner<\/p><p class="stat__value"><a[^>]*>(\d+)/.exec(page.text)![1],
      )
    }
    const before = await waiting()
    const invited = await b.post(`/admin/merchants/${id}/invite`, {
      name: 'Marie Reuter',
      email: 'marie@reuter.example',
      language: 'fr',
    })
    expect(invited.status).toBe(303)
    const user = await db.knex('merchant_users').where('merchant_id', id).first()
    expect(user).toMatchObject({
      role: 'owner',
      email: 'marie@reuter.example',
      password_hash: null,
    })
    const email = await db
      .knex('outbound_emails')
      .where({ merchant_id: id, template: 'staff_invitation' })
      .first()
    expect(email).toMatchObject({ to_address: 'marie@reuter.example', language: 'fr' })
    const audit = await audits('merchant_user.invite').where('merchant_id', id).first()
    expect(audit).toMatchObject({ actor_type: 'platform_admin', actor_id: DEMO.platformAdminId })
    expect(await waiting()).toBe(before)
    await db.knex('merchant_users').where('id', user.id).update({ password_hash: 'set' })
    expect(await waiting()).toBe(before - 1)
  })
})

describe('suspension', () => {
  let merchant: BuiltMerchant
  let apiKey: string
  let credential: string

  beforeAll(async () => {
    merchant = await buildMerchant(db.knex)
    await buildCard(db.knex, merchant)
    apiKey = await apiKeyOf(db.knex, merchant)
    const pairing = await createKioskPairing(db.knex, {
      merchantId: merchant.merchantId,
      storeCode: merchant.storeCodes[0],
      name: 'Till',
      baseUrl: 'http://localhost',
      actor: merchant.actor,
    })
    const paired = await app.request('POST', '/api/v1/kiosk/pair', {
      body: { code: pairing.code, app_version: '1.0.0' },
    })
    expect(paired.status).toBe(201)
    credential = paired.body.data.credential
    await createMerchantUser(db.knex, {
      merchantId: merchant.merchantId,
      email: 'owner.suspended@example.test',
      name: 'Owner',
      role: 'owner',
      password: TEST_PASSWORD,
      passwordCost: 10,
    })
  })

  const sides = async () => {
    const customer = new TestBrowser(app.url, { 'accept-language': 'fr' })
    const storefront = await customer.get(`/s/${merchant.storeCodes[0]}/join`)
    const sync = await app.request('POST', '/api/v1/kiosk/sync', {
      token: credential,
      body: {
        cursor: null,
        device_time: new Date().toISOString(),
        app_version: '1.0.0',
        queue_length: 0,
        operations: [],
      },
    })
    const api = await app.request('GET', '/api/v1/stores', { token: apiKey })
    const owner = new TestBrowser(app.url, { 'accept-language': 'en' })
    await owner.get('/merchant/login')
    const login = await owner.post('/merchant/login', {
      email: 'owner.suspended@example.test',
      password: TEST_PASSWORD,
    })
    return { storefront, sync, api, login }
  }

  const counts = async () => ({
    cards: (await db.knex('cards').where('merchant_id', merchant.merchantId)).length,
    ledger: (await db.knex('ledger_entries').where('merchant_id', merchant.merchantId)).length,
    stores: (await db.knex('stores').where('merchant_id', merchant.merchantId)).length,
    keys: (await db.knex('api_keys').where('merchant_id', merchant.merchantId)).length,
  })

  it('pauses storefront, kiosks, API keys and sign-in, loses nothing, and reactivation restores them', async () => {
    const working = await sides()
    expect(working.storefront.status).toBe(200)
    expect(working.sync.status).toBe(200)
    expect(working.api.status).toBe(200)
    expect(working.login.status).toBe(303)
    const before = await counts()

    const b = await admin()
    const page = await b.get(`/admin/merchants/${merchant.merchantId}`)
    const noReason = await b.post(`/admin/merchants/${merchant.merchantId}/status`, {
      version: versionOf(page.text),
      status: 'suspended',
      reason: '',
    })
    expect(noReason.status).toBe(422)
    const suspended = await b.post(`/admin/merchants/${merchant.merchantId}/status`, {
      version: versionOf(page.text),
      status: 'suspended',
      reason: 'Unpaid invoice',
    })
    expect(suspended.status).toBe(303)

    const paused = await sides()
    expect(paused.storefront.status).toBe(403)
    expect(paused.storefront.text).toContain('<html lang="fr">')
    expect(paused.storefront.text).toContain(
      `<h1>${translator('fr', 'common')('error_page.paused_title')}</h1>`,
    )
    expect(paused.storefront.text).toContain(
      errorMessage('MERCHANT_SUSPENDED', {}, 'fr').replace(/’/g, '&#x27;').slice(0, 20),
    )
    expect(paused.sync.status).toBe(403)
    expect(paused.sync.body.error.code).toBe('MERCHANT_SUSPENDED')
    expect(paused.api.status).toBe(403)
    expect(paused.api.body.error.code).toBe('MERCHANT_SUSPENDED')
    expect(paused.login.status).toBe(403)
    expect(paused.login.text).toContain(errorMessage('MERCHANT_SUSPENDED', {}, 'en').slice(0, 30))
    expect(await counts()).toEqual(before)
    // A kiosk paired meanwhile is refused too; its code keeps until the suspension ends.
    const pairing = await createKioskPairing(db.knex, {
      merchantId: merchant.merchantId,
      storeCode: merchant.storeCodes[1],
      name: 'Second till',
      baseUrl: 'http://localhost',
      actor: merchant.actor,
    })
    const pairBody = { body: { code: pairing.code, app_version: '1.0.0' } }
    const refusedPairing = await app.request('POST', '/api/v1/kiosk/pair', pairBody)
    expect(refusedPairing.status).toBe(403)
    expect(refusedPairing.body.error.code).toBe('MERCHANT_SUSPENDED')
    const shown = await b.get(`/admin/merchants/${merchant.merchantId}`)
    expect(shown.text).toContain('Unpaid invoice')

    const stale = await b.post(`/admin/merchants/${merchant.merchantId}/status`, {
      version: versionOf(page.text),
      status: 'active',
      reason: 'Paid',
    })
    expect(stale.status).toBe(409)
    const reactivated = await b.post(`/admin/merchants/${merchant.merchantId}/status`, {
      version: versionOf(shown.text),
      status: 'active',
      reason: 'Invoice paid',
    })
    expect(reactivated.status).toBe(303)
    const restored = await sides()
    expect(restored.storefront.status).toBe(200)
    expect(restored.sync.status).toBe(200)
    expect(restored.api.status).toBe(200)
    expect(restored.login.status).toBe(303)
    expect((await app.request('POST', '/api/v1/kiosk/pair', pairBody)).status).toBe(201)
    expect(await counts()).toEqual(before)

    const trail = await db
      .knex('audit_log')
      .where('subject_id', merchant.merchantId)
      .whereIn('action', ['merchant.suspend', 'merchant.reactivate'])
      .orderBy('created_at')
    expect(trail.map((row) => [row.action, row.actor_type, row.data.after.reason])).toEqual([
      ['merchant.suspend', 'platform_admin', 'Unpaid invoice'],
      ['merchant.reactivate', 'platform_admin', 'Invoice paid'],
    ])
  })

  it('closes a store: its storefront says so, its kiosk is refused, its history stays; reopening restores it', async () => {
    const b = await admin('fr')
    const path = `/admin/stores/${merchant.storeIds[0]}`
    const page = await b.get(path)
    const closed = await b.post(`${path}/open`, { version: versionOf(page.text, 1), open: 'no' })
    expect(closed.status).toBe(303)
    const after = await sides()
    expect(after.storefront.status).toBe(409)
    expect(after.storefront.text).toContain(errorMessage('STORE_CLOSED', {}, 'fr').slice(0, 15))
    expect(after.sync.status).toBe(409)
    expect(after.sync.body.error.code).toBe('STORE_CLOSED')
    // The API key works for the merchant's other store; the closed one stays listed.
    expect(after.api.status).toBe(200)
    expect(after.api.body.data.map((s: { id: string }) => s.id)).toContain(merchant.storeIds[0])
    expect((await db.knex('cards').where('merchant_id', merchant.merchantId)).length).toBe(1)
    const again = await b.get(path)
    const reopened = await b.post(`${path}/open`, {
      version: versionOf(again.text, 1),
      open: 'yes',
    })
    expect(reopened.status).toBe(303)
    const restored = await sides()
    expect(restored.storefront.status).toBe(200)
    expect(restored.sync.status).toBe(200)
  })
})

describe('stores', () => {
  it('creates and edits a store, refusing taken or malformed codes and domains per field', async () => {
    const b = await admin()
    const id = await newMerchant(b, 'stores-merchant')
    const created = await b.post(`/admin/merchants/${id}/stores`, {
      ...storeBody('REUTER-GARE'),
      subdomain: 'reuter-gare',
    })
    expect(created.status).toBe(303)
    const store = await db.knex('stores').where('code', 'REUTER-GARE').first()
    expect(store).toMatchObject({ merchant_id: id, subdomain: 'reuter-gare', currency: 'EUR' })
    expect((await audits('store.create').where('subject_id', store.id)).length).toBe(1)
    const storefront = await new TestBrowser(app.url).get('/s/REUTER-GARE/join')
    expect(storefront.status).toBe(200)

    const t = translator('en', 'back_office')
    for (const [field, value] of [
      ['code', 'REUTER-GARE'],
      ['subdomain', 'reuter-gare'],
    ] as const) {
      const again = await b.post(`/admin/merchants/${id}/stores`, {
        ...storeBody('OTHER-CODE'),
        [field]: value,
      })
      expect(again.status, field).toBe(422)
      expect(again.text).toMatch(
        new RegExp(`id="store-${field}-error"[^>]*>[^<]*${t('errors.taken')}`),
      )
    }
    const bad = await b.post(`/admin/merchants/${id}/stores`, {
      ...storeBody('OK-CODE'),
      custom_domain: 'not a host',
    })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('id="store-custom_domain-error"')
    expect(bad.text).toContain('value="not a host"')

    const form = await b.get(`/admin/stores/${store.id}`)
    const edited = await b.post(`/admin/stores/${store.id}`, {
      ...storeBody('REUTER-GARE'),
      name: 'Reuter Gare',
      custom_domain: 'Elsewhere.Reuter.LU',
      version: versionOf(form.text),
    })
    expect(edited.status).toBe(303)
    expect(await db.knex('stores').where('id', store.id).first()).toMatchObject({
      name: 'Reuter Gare',
      custom_domain: 'elsewhere.reuter.lu',
      version: store.version + 1,
    })
    const stale = await b.post(`/admin/stores/${store.id}`, {
      ...storeBody('REUTER-GARE'),
      name: 'Overwritten',
      version: versionOf(form.text),
    })
    expect(stale.status).toBe(409)
    expect(stale.text).toContain('value="Overwritten"')
    expect((await db.knex('stores').where('id', store.id).first()).name).toBe('Reuter Gare')

    // The DNS check, answered locally: elsewhere.reuter.lu is not the platform's address.
    const check = await b.get(`/admin/stores/${store.id}?check=dns`)
    expect(check.text).toContain('198.51.100.7')
    expect(check.text).toContain(
      t('dns.points_elsewhere', { domain: 'rewardflow.lu', addresses: '192.0.2.10' }),
    )
  })

  it.each(['code', 'subdomain', 'custom_domain'] as const)(
    'lets one of two concurrent creates with the same %s in, and gives the other a field error',
    async (field) => {
      const one = await buildMerchant(db.knex)
      const two = await buildMerchant(db.knex)
      const value = { code: 'RACE-CODE', subdomain: 'race-sub', custom_domain: 'race.example.lu' }[
        field
      ]
      const [codeOne, codeTwo] =
        field === 'code' ? [value, value] : [`RACE-${field.length}-A`, `RACE-${field.length}-B`]
      const body = (code: string) => ({
        code,
        name: 'Race',
        subdomain: null,
        custom_domain: null,
        timezone: 'Europe/Luxembourg',
        default_language: 'fr' as const,
        currency: 'EUR',
        [field === 'code' ? 'name' : field]: field === 'code' ? 'Race' : value,
      })
      const actor = platformAdminActor(DEMO.platformAdminId)
      // The first transaction inserts and holds its row; the second waits on the unique index.
      const first = await db.knex.transaction()
      await createStore(first, { actor, merchantId: one.merchantId, body: body(codeOne) })
      const second = createStore(db.knex, {
        actor,
        merchantId: two.merchantId,
        body: body(codeTwo),
      })
      // Started before the first commits: it is waiting on the index, not finished.
      let settled = false
      void second.then(
        () => (settled = true),
        () => (settled = true),
      )
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(settled).toBe(false)
      await first.commit()
      await expect(second).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: [{ path: field, code: 'taken' }] },
      })
      expect((await db.knex('stores').where(field, value)).length).toBe(1)
    },
  )
})

describe('platforms', () => {
  it('creates and edits a platform from its version, refusing a stale one', async () => {
    const b = await admin()
    const created = await b.post('/admin/platforms', {
      name: 'Second platform',
      base_domain: 'Loyalty.Example.LU',
      default_language: 'de',
      support_email: 'help@loyalty.example.lu',
      sender_name: 'Loyalty',
    })
    expect(created.status).toBe(303)
    const row = await db.knex('platforms').where('base_domain', 'loyalty.example.lu').first()
    expect(row).toMatchObject({ name: 'Second platform', default_language: 'de', version: 1 })
    const taken = await b.post('/admin/platforms', {
      name: 'Third',
      base_domain: 'loyalty.example.lu',
      default_language: 'en',
      support_email: '',
      sender_name: '',
    })
    expect(taken.status).toBe(422)
    const edit = (name: string) =>
      b.post('/admin/platforms', {
        id: row.id,
        version: '1',
        name,
        base_domain: 'loyalty.example.lu',
        default_language: 'de',
        support_email: 'not-an-address',
        sender_name: '',
      })
    expect((await edit('Renamed')).status).toBe(422)
    const ok = await b.post('/admin/platforms', {
      id: row.id,
      version: '1',
      name: 'Renamed',
      base_domain: 'loyalty.example.lu',
      default_language: 'de',
      support_email: '',
      sender_name: '',
    })
    expect(ok.status).toBe(303)
    const stale = await b.post('/admin/platforms', {
      id: row.id,
      version: '1',
      name: 'Lost',
      base_domain: 'loyalty.example.lu',
      default_language: 'de',
      support_email: '',
      sender_name: '',
    })
    expect(stale.status).toBe(409)
    expect(stale.text).toContain('value="Lost"')
    expect(await db.knex('platforms').where('id', row.id).first()).toMatchObject({
      name: 'Renamed',
      version: 2,
      support_email: null,
    })
    const audit = await audits('platform.update').where('subject_id', row.id).first()
    expect(audit.data).toMatchObject({
      before: { name: 'Second platform', support_email: 'help@loyalty.example.lu' },
      after: { name: 'Renamed', support_email: null },
    })
  })
})

describe('the audit log', () => {
  it('filters by merchant, actor, action and dates, shows each change, and downloads a neutralized CSV', async () => {
    const b = await admin()
    const id = await newMerchant(b, 'audit-merchant', '=HYPERLINK("http://evil")')
    const page = await b.get(`/admin/audit?merchant=${id}&actor=platform_admin&action=merchant.`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('merchant.create')
    expect(page.text).toContain('audit-merchant')
    expect(page.text).toContain('<strong>Demo Admin</strong>')
    const none = await b.get(`/admin/audit?merchant=${id}&action=store.`)
    expect(none.text).toContain(translator('en', 'back_office')('audit.empty'))
    const future = await b.get(`/admin/audit?merchant=${id}&from=2999-01-01`)
    expect(future.text).toContain(translator('en', 'back_office')('audit.empty'))
    const today = new Date().toISOString().slice(0, 10)
    const dated = await b.get(`/admin/audit?merchant=${id}&from=${today}&to=${today}`)
    expect(dated.text).toContain('merchant.create')

    // A change shows each changed field, before struck through and after.
    const store = await b.post(`/admin/merchants/${id}/stores`, storeBody('AUDIT-1'))
    const storePath = store.headers.get('location')!.split('?')[0]!
    const form = await b.get(storePath)
    await b.post(storePath, {
      ...storeBody('AUDIT-1'),
      name: 'Renamed store',
      version: versionOf(form.text),
    })
    const changed = await b.get(`/admin/audit?merchant=${id}&action=store.setup`)
    expect(changed.text).toContain('<strong>name</strong>')
    expect(changed.text).toContain('<del>Store AUDIT-1</del>')
    expect(changed.text).toContain('<ins>Renamed store</ins>')
    expect(changed.text).not.toContain('<strong>currency</strong>')

    const csv = await b.get(`/admin/audit.csv?merchant=${id}&action=merchant.`)
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    const lines = csv.text.trim().split('\r\n')
    expect(lines[0]).toBe(
      'created_at,merchant_id,merchant_name,actor_type,actor_id,actor_name,action,subject_type,subject_id,before,after',
    )
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`)
    expect(lines[1]).toContain(
      `,platform_admin,${DEMO.platformAdminId},Demo Admin,merchant.create,`,
    )
  })

  it('is for admins only: a merchant owner is refused', async () => {
    const owner = new TestBrowser(app.url)
    await owner.get('/merchant/login')
    await owner.post('/merchant/login', DEMO_LOGINS.fashionOwner)
    const refused = await owner.get('/admin/audit')
    expect(refused.status).toBe(303)
    expect(refused.headers.get('location')).toContain('/admin/login')
  })
})
