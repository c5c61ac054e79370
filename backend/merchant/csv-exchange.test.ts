import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { LANGUAGES } from '../../shared/languages.ts'
import { createMerchantUser } from '../accounts/commands/create-merchant-user.ts'
import { createApiKey } from '../api-keys/api-keys.ts'
import { systemActor } from '../auth/actor.ts'
import { translator } from '../i18n/i18n.ts'
import { runMemberImport } from '../imports/commands/run-member-import.ts'
import { findBalanceMismatches } from '../loyalty/check-balances.ts'
import { DEMO, seedDemoData } from '../seed/demo-seed.ts'
import { signInDemoOwner, signInMerchant } from '../test/merchant-sign-in.ts'
import { rawKeysIn } from '../test/raw-keys.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import type { TestBrowser } from '../test/test-web-app.ts'

// CSV in and out through the real app: /merchant/exports and /api/v1/exports/*.csv (a BOM,
// formula cells neutralized, a store manager's reach, bad days refused per field in the page
// language, audited), and /merchant/imports (every kind of problem in two languages, the job,
// balances in the ledger, the same file twice changes nothing).

const db = useTestDatabase()
let app: TestApp
let token: string
const M = DEMO.fashion.merchantId

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
  token = (await createApiKey(db.knex, { merchantId: M, name: 'csv', actor: systemActor(M) })).token
})
afterAll(() => app.close())

const csvOf = (text: string) =>
  parse(text, { bom: true, columns: true }) as Record<string, string>[]

describe('exports', () => {
  it('shows the page in every language and downloads customers, cards and the ledger', async () => {
    const b = await signInDemoOwner(app.url)
    for (const language of LANGUAGES) {
      await b.post('/merchant/language', { language, next: '/merchant/exports' })
      const page = await b.get('/merchant/exports')
      expect(page.status).toBe(200)
      expect(page.text).toContain(`<html lang="${language}">`)
      expect(page.text).toContain(translator(language, 'merchant')('exports.ledger.title'))
      expect(rawKeysIn(page.text)).toEqual([])
    }
    const card = await db.knex('cards').where('merchant_id', M).first('id', 'customer_id', 'number')
    await db.knex('customers').where('id', card.customer_id).update({ name: '=HYPERLINK("x")' })
    const customers = await b.get('/merchant/exports/customers.csv')
    expect(customers.status).toBe(200)
    expect(customers.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const rows = csvOf(customers.text)
    expect(rows.find((r) => r.card_number === card.number)!.name).toBe('\'=HYPERLINK("x")')
    const cards = csvOf((await b.get('/merchant/exports/cards.csv')).text)
    const stored = await db.knex('cards').where('merchant_id', M)
    expect(cards).toHaveLength(stored.length)
    expect(Number(cards.find((r) => r.number === card.number)!.points_balance)).toBe(
      stored.find((c) => c.id === card.id).points_balance,
    )
    const ledger = csvOf((await b.get('/merchant/exports/ledger.csv?store=FASHIONHUB')).text)
    const hubEntries = await db
      .knex('ledger_entries')
      .where({ merchant_id: M, store_id: DEMO.fashion.hubStoreId })
    expect(ledger).toHaveLength(hubEntries.length)
    const audit = await db
      .knex('audit_log')
      .where({ merchant_id: M, action: 'export.download' })
      .orderBy('created_at')
    expect(audit.map((a) => a.subject_id)).toEqual(['customers', 'cards', 'ledger'])
    expect(audit[2].data).toMatchObject({ kind: 'ledger', stores: ['FASHIONHUB'] })
  })

  it('refuses a bad day or a later start per field, in the page language, values kept', async () => {
    const b = await signInDemoOwner(app.url)
    for (const language of ['fr', 'de'] as const) {
      await b.post('/merchant/language', { language, next: '/merchant/exports' })
      const t = translator(language, 'merchant')
      const bad = await b.get('/merchant/exports/ledger.csv?from=2026-13-01&to=31.12.2026')
      expect(bad.status).toBe(422)
      expect(bad.text).toContain(t('exports.errors.day'))
      expect(bad.text).toContain('value="2026-13-01"')
      const reversed = await b.get('/merchant/exports/ledger.csv?from=2026-12-05&to=2026-12-01')
      expect(reversed.status).toBe(422)
      expect(reversed.text).toContain(t('exports.errors.before_from'))
      expect(rawKeysIn(reversed.text)).toEqual([])
    }
    const api = await app.request('GET', '/api/v1/exports/ledger.csv?to=yesterday', { token })
    expect(api.status).toBe(422)
    expect(api.body.error.details.fields).toEqual([{ path: 'query.to', code: 'invalid_format' }])
  })

  it("gives a manager of one store their store's members and entries only", async () => {
    const email = `csv-outlet-${Date.now()}@fashion-group.lu`
    await createMerchantUser(db.knex, {
      merchantId: M,
      email,
      name: 'Olga Outlet',
      role: 'manager',
      storeIds: [DEMO.fashion.outletStoreId],
      password: 'a long manager password',
      passwordCost: 10,
      preferredLanguage: 'en',
    })
    const b = await signInMerchant(app.url, email, 'a long manager password')
    const cards = csvOf((await b.get('/merchant/exports/cards.csv')).text)
    const outletCards = await db
      .knex('cards')
      .where({ merchant_id: M, enrolled_store_id: DEMO.fashion.outletStoreId })
    expect(cards.map((c) => c.number).sort()).toEqual(outletCards.map((c) => c.number).sort())
    const ledger = csvOf((await b.get('/merchant/exports/ledger.csv')).text)
    expect(new Set(ledger.map((r) => r.store))).toEqual(
      new Set(ledger.length ? ['FASHIONOUTLET'] : []),
    )
    const hub = await b.get('/merchant/exports/ledger.csv?store=FASHIONHUB')
    expect(hub.status).toBe(422)
    expect(hub.text).toContain(translator('en', 'merchant')('exports.errors.store'))
    expect((await b.get('/merchant/imports')).status).toBe(403)
  })

  it('serves the API with a BOM and documents it as text/csv', async () => {
    const response = await fetch(`${app.url}/api/v1/exports/customers.csv`, {
      headers: { authorization: `Bearer ${token}` },
    })
    const bytes = Buffer.from(await response.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.toString('utf8')).toContain('customer_id,email,name,phone,birthday')
    const openApi = await app.request('GET', '/api/v1/openapi.json')
    const get = openApi.body.paths['/exports/ledger.csv'].get
    expect(get.operationId).toBe('exportLedger')
    expect(Object.keys(get.responses['200'].content)).toEqual(['text/csv'])
    expect(get.parameters.map((p: { name: string }) => p.name)).toEqual(['from', 'to', 'store'])
  })
})

const FILE = [
  'email;name;phone;birthday;language;consent;opening_balance',
  'new.one@example.lu;Zoé Müller;+352 621 000 001;1990-04-02;fr;oui;120',
  'new.two@example.lu;Jos Schmit;;02.03.1985;lb;0;0',
  'not-an-email;Bad;;;;;',
  'NEW.ONE@example.lu;Twice;;;;;',
  'member@x;Bad again;;;;;',
  'three@example.lu;Three;abc;1990-02-30;xx;maybe;-5',
  'four@example.lu;Four;;;;;1.5',
  'new.three@example.lu;Trois;;;de;yes;35',
].join('\r\n')

const upload = (b: TestBrowser, text: string, store = DEMO.fashion.hubStoreId) =>
  b.postMultipart(
    '/merchant/imports',
    { store },
    { field: 'file', name: 'members.csv', type: 'text/csv', bytes: Buffer.from(text) },
  )

describe('imports', () => {
  it('lists every problem in the page language, imports through the ledger, and twice changes nothing', async () => {
    const member = await db.knex('customers').where('merchant_id', M).first('email')
    const file = `${FILE}\r\n${member.email};Already;;;;;`
    const b = await signInDemoOwner(app.url)
    for (const language of ['en', 'de'] as const) {
      await b.post('/merchant/language', { language, next: '/merchant/imports' })
      const t = translator(language, 'merchant')
      const list = await b.get('/merchant/imports')
      expect(list.status).toBe(200)
      expect(rawKeysIn(list.text)).toEqual([])
      const checked = await upload(b, file)
      expect(checked.status).toBe(303)
      const page = await b.get(checked.headers.get('location')!)
      expect(page.text).toContain(`<html lang="${language}">`)
      for (const code of [
        'invalid_email',
        'duplicate_in_file',
        'already_member',
        'invalid_phone',
        'invalid_date',
        'unknown_language',
        'invalid_consent',
        'negative_balance',
        'invalid_balance',
      ] as const)
        expect(page.text).toContain(t(`imports.problems.${code}`))
      expect(page.text).toContain('data-problem="already_member"')
      expect(rawKeysIn(page.text)).toEqual([])
    }
    const noFile = await b.postMultipart('/merchant/imports', { store: DEMO.fashion.hubStoreId })
    expect(noFile.status).toBe(422)
    expect(noFile.text).toContain(translator('de', 'merchant')('imports.errors.file_required'))

    const first = await db
      .knex('member_imports')
      .where('merchant_id', M)
      .orderBy('created_at')
      .first()
    expect(first).toMatchObject({ total_lines: 9, valid_lines: 3, status: 'checked' })
    const started = await b.post(`/merchant/imports/${first.id}/run`, { version: '1' })
    expect(started.status).toBe(303)
    expect(
      await db.knex('graphile_worker.jobs').where('task_identifier', 'members:import'),
    ).toHaveLength(1)
    const again = await b.post(`/merchant/imports/${first.id}/run`, { version: '1' })
    expect(again.status).toBe(409)
    const queued = await b.get(`/merchant/imports/${first.id}`)
    expect(queued.text).toContain('data-refresh-while="running"')

    expect(await runMemberImport(db.knex, { merchantId: M, importId: first.id })).toEqual({
      imported: 3,
      skipped: 0,
    })
    const zoe = await db
      .knex('customers as cu')
      .join('cards as c', 'c.customer_id', 'cu.id')
      .where({ 'cu.merchant_id': M, 'cu.email': 'new.one@example.lu' })
      .first(
        'cu.name',
        'cu.birthday',
        'cu.preferred_language',
        'cu.marketing_consent',
        'c.id',
        'c.points_balance',
      )
    expect(zoe).toMatchObject({
      name: 'Zoé Müller',
      birthday: '1990-04-02',
      preferred_language: 'fr',
      marketing_consent: true,
      points_balance: 120,
    })
    const entries = await db.knex('ledger_entries').where('card_id', zoe.id)
    expect(entries).toMatchObject([{ type: 'adjust', points_delta: 120, reason: 'import' }])
    expect(await findBalanceMismatches(db.knex, M)).toEqual([])
    expect(await db.knex('outbound_emails').where('to_address', 'new.one@example.lu')).toEqual([])
    const done = await b.get(`/merchant/imports/${first.id}`)
    expect(done.text).not.toContain('data-refresh-while')
    expect(rawKeysIn(done.text)).toEqual([])

    // The second upload of the same file: its lines are members now; run anyway, nothing moves.
    const second = await db
      .knex('member_imports')
      .where('merchant_id', M)
      .orderBy('created_at')
      .offset(1)
      .first()
    const before = await db.knex('ledger_entries').where('merchant_id', M).count('* as n').first()
    await db.knex('member_imports').where('id', second.id).update({ status: 'queued' })
    expect(await runMemberImport(db.knex, { merchantId: M, importId: second.id })).toEqual({
      imported: 0,
      skipped: 3,
    })
    expect(await db.knex('ledger_entries').where('merchant_id', M).count('* as n').first()).toEqual(
      before,
    )
    expect(
      await db.knex('customers').where({ merchant_id: M, email: 'new.one@example.lu' }),
    ).toHaveLength(1)
  })
})
