import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../shared/languages.ts'
import { withCheckDigit } from '../../shared/card-number.ts'
import { translator } from '../i18n/i18n.ts'
import { DEMO, seedDemoData } from '../seed/demo-seed.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { rawKeysIn } from '../test/raw-keys.ts'
import { TestBrowser } from '../test/test-web-app.ts'
import { signInDemoOwner, signInMerchant } from '../test/merchant-sign-in.ts'
import { createMerchantUser } from '../accounts/commands/create-merchant-user.ts'
import { setCustomerPassword } from '../accounts/commands/set-customer-password.ts'
import { enrollCustomer } from '../loyalty/commands/enroll-customer.ts'
import { earnPoints } from '../loyalty/commands/earn-points.ts'
import { findBalanceMismatches } from '../loyalty/check-balances.ts'
import { systemActor } from '../auth/actor.ts'
import { presentCustomerRecord } from '../loyalty/customers/customer-presenters.ts'
import { loadCardDetail } from '../loyalty/queries.ts'

// The Customers pages through the real app: every language, the member's page with phone and
// birthday, the search (a mistyped check digit says so), the owner's adjust and block (a
// blocked card earns nothing), a store manager who sees every member but changes only those of
// their stores, and anonymize: the person's data gone from every table, the ledger unchanged,
// the login refused.

const db = useTestDatabase()
let app: TestApp
const M = DEMO.fashion.merchantId
const PASSWORD = 'a long manager password'
const MEMBER_PASSWORD = 'correct horse battery'

const enroll = async (email: string, store = 'FASHIONHUB', extra: object = {}) =>
  (
    await enrollCustomer(db.knex, {
      merchantId: M,
      storeCode: store,
      clientId: randomUUID(),
      email,
      name: 'Marie Dupont',
      phone: '+352 621 123 456',
      birthday: '1990-04-17',
      preferredLanguage: 'fr',
      actor: systemActor(M),
      ...extra,
    })
  ).card

const earn = (number: string, cents: number) =>
  earnPoints(db.knex, {
    merchantId: M,
    cardNumber: number,
    storeCode: 'FASHIONHUB',
    clientId: randomUUID(),
    amountCents: cents,
    actor: systemActor(M),
  })

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
  await createMerchantUser(db.knex, {
    merchantId: M,
    email: 'outlet.manager@customers.test',
    name: 'Outlet Manager',
    role: 'manager',
    storeIds: [DEMO.fashion.outletStoreId],
    password: PASSWORD,
    passwordCost: 10,
  })
})
afterAll(() => app.close())

const clientIdOf = (html: string) => /name="client_id" value="([^"]+)"/.exec(html)![1]!

describe('the Customers pages', () => {
  it('render in every language with the right <html lang>, no raw key, phone and birthday shown', async () => {
    const card = await enroll('marie.languages@customers.test')
    const b = await signInDemoOwner(app.url)
    for (const language of LANGUAGES) {
      const t = translator(language, 'merchant')
      await b.post('/merchant/language', { language, next: '/merchant/customers' })
      for (const path of ['/merchant/customers', `/merchant/customers/${card.number}`]) {
        const page = await b.get(path)
        expect(page.status, path).toBe(200)
        expect(page.text).toContain(`<html lang="${language}">`)
        expect(page.text).toContain(t('nav.customers'))
        expect(rawKeysIn(page.text)).toEqual([])
      }
      const detail = await b.get(`/merchant/customers/${card.number}`)
      expect(detail.text).toMatch(/data-field="phone"><dt>[^<]+<\/dt><dd>\+352 621 123 456<\/dd>/)
      expect(detail.text).toMatch(/data-field="birthday"><dt>[^<]+<\/dt><dd>[^<]*1990[^<]*<\/dd>/)
    }
  })

  it('keeps phone and birthday in the presented member (the presenter the page shows)', async () => {
    const card = await enroll('presenter@customers.test')
    const detail = await loadCardDetail(db.knex, M, card.number)
    const record = presentCustomerRecord(detail, {
      version: 1,
      anonymized_at: null,
      enrolled_store_id: DEMO.fashion.hubStoreId,
      home_store_name: 'Fashion Hub',
    })
    expect(record.customer.phone).toBe('+352 621 123 456')
    expect(record.customer.birthday).toBe('1990-04-17')
    expect(record.customer.version).toBe(1)
    expect(record.home_store_name).toBe('Fashion Hub')
  })

  it('finds members by number, email prefix, phone and name prefix; says when a check digit is wrong', async () => {
    const card = await enroll('searchable.person@customers.test', 'FASHIONHUB', {
      name: 'Zoé Searchable',
      phone: '+352 691 000 111',
    })
    const b = await signInDemoOwner(app.url)
    for (const query of [card.number, 'Searchable.Person@cust', '+352 691 000 111', 'zoé sea']) {
      const page = await b.get(`/merchant/customers?query=${encodeURIComponent(query)}`)
      expect(page.status, query).toBe(200)
      expect(page.text, query).toContain(`data-card="${card.number}"`)
      expect(page.text.match(/data-card="/g), query).toHaveLength(1)
    }
    // As the search form sends it: the empty filters are no filters.
    const fromForm = await b.get(
      `/merchant/customers?query=${encodeURIComponent('zoé sea')}&store_id=&active_within_days=&marketing_consent=`,
    )
    expect(fromForm.text.match(/data-card="/g)).toHaveLength(1)
    const wrong = card.number.slice(0, 11) + String((Number(card.number.at(-1)) + 1) % 10)
    const refused = await b.get(`/merchant/customers?query=${wrong}`)
    expect(refused.status).toBe(422)
    expect(refused.text).toContain(translator('en', 'merchant')('customers.check_digit'))
  })

  it('lets the owner adjust and block; a blocked card earns nothing; both audited', async () => {
    const card = await enroll('blocked@customers.test')
    const b = await signInDemoOwner(app.url)
    const page = await b.get(`/merchant/customers/${card.number}`)
    const before = await db.knex('cards').where('id', card.id).first('points_balance')
    const adjusted = await b.post(`/merchant/customers/${card.number}/adjust`, {
      client_id: clientIdOf(page.text),
      delta: '250',
      reason: 'Receipt from the old system',
    })
    expect(adjusted.status).toBe(303)
    const after = await db.knex('cards').where('id', card.id).first('points_balance')
    expect(after.points_balance).toBe(before.points_balance + 250)
    const missing = await b.post(`/merchant/customers/${card.number}/adjust`, {
      client_id: randomUUID(),
      delta: '5',
      reason: '',
    })
    expect(missing.status).toBe(422)
    expect(missing.text).toContain(translator('en', 'merchant')('customers.errors.reason'))

    expect(
      (
        await b.post(`/merchant/customers/${card.number}/block`, {
          blocked: 'true',
          reason: 'Lost',
        })
      ).status,
    ).toBe(303)
    expect((await db.knex('cards').where('id', card.id).first('status')).status).toBe('blocked')
    await expect(earn(card.number, 1000)).rejects.toMatchObject({ code: 'CARD_BLOCKED' })
    const audit = await db
      .knex('audit_log')
      .where({ merchant_id: M, subject_id: card.id })
      .orderBy('created_at')
      .pluck('action')
    expect(audit).toEqual(expect.arrayContaining(['ledger.adjust', 'card.block']))
    expect(
      (await b.post(`/merchant/customers/${card.number}/block`, { blocked: 'false' })).status,
    ).toBe(303)
    await expect(earn(card.number, 1000)).resolves.toBeTruthy()
  })

  it('reverses an entry once, with a reason; the second time says it was reversed', async () => {
    const card = await enroll('reverse@customers.test')
    const earned = await earn(card.number, 3000)
    const b = await signInDemoOwner(app.url)
    const page = await b.get(`/merchant/customers/${card.number}`)
    expect(page.text).toContain(`data-entry="${earned.entry.id}"`)
    const form = { entry_id: earned.entry.id, reason: 'Refund at the till' }
    const first = await b.post(`/merchant/customers/${card.number}/reverse`, {
      ...form,
      client_id: randomUUID(),
    })
    expect(first.status).toBe(303)
    const second = await b.post(`/merchant/customers/${card.number}/reverse`, {
      ...form,
      client_id: randomUUID(),
    })
    expect(second.status).toBe(409)
    const reversals = await db.knex('ledger_entries').where('reversal_of', earned.entry.id)
    expect(reversals).toHaveLength(1)
    expect(reversals[0]).toMatchObject({ type: 'reverse', reason: 'Refund at the till' })
    expect(await findBalanceMismatches(db.knex)).toEqual([])
  })

  it('resends the welcome email through the outbox each time asked, and exports the member, audited', async () => {
    const card = await enroll('welcome.again@customers.test')
    const b = await signInDemoOwner(app.url)
    const sent = () =>
      db
        .knex('outbound_emails')
        .where({ template: 'enrollment', to_address: 'welcome.again@customers.test' })
        .orderBy('created_at')
    expect(await sent()).toHaveLength(1)
    for (let i = 0; i < 2; i++)
      expect((await b.post(`/merchant/customers/${card.number}/welcome`, {})).status).toBe(303)
    const emails = await sent()
    expect(emails).toHaveLength(3)
    expect(emails[2].variables).toMatchObject({ card_number: card.number })
    expect(emails[2].idempotency_key).toMatch(new RegExp(`^enrollment_resend:${card.id}:`))

    const exported = await b.get(`/merchant/customers/${card.number}/export`)
    expect(exported.status).toBe(200)
    expect(exported.headers.get('content-disposition')).toContain(`customer-${card.number}-`)
    const data = JSON.parse(exported.text)
    expect(JSON.stringify(data)).toContain('+352 621 123 456')
    expect(JSON.stringify(data)).toContain('1990-04-17')
    const audit = await db
      .knex('audit_log')
      .where({ subject_id: card.customer_id })
      .whereIn('action', ['customer.welcome.resend', 'customer.export'])
      .pluck('action')
    expect(audit.sort()).toEqual([
      'customer.export',
      'customer.welcome.resend',
      'customer.welcome.resend',
    ])
  })

  it('refuses a stale contact edit and another member’s email, keeping what was typed', async () => {
    const card = await enroll('contact@customers.test')
    await enroll('taken@customers.test')
    const b = await signInDemoOwner(app.url)
    const form = {
      version: '1',
      name: 'Marie Contact',
      email: 'taken@customers.test',
      phone: '+352 621 999 999',
      birthday_day: '17',
      birthday_month: '4',
      birthday_year: '1990',
      preferred_language: 'de',
    }
    const taken = await b.post(`/merchant/customers/${card.number}`, form)
    expect(taken.status).toBe(422)
    expect(taken.text).toContain(translator('en', 'merchant')('customers.errors.email_taken'))
    expect(taken.text).toContain('value="Marie Contact"')
    const saved = await b.post(`/merchant/customers/${card.number}`, {
      ...form,
      email: 'contact.new@customers.test',
    })
    expect(saved.status).toBe(303)
    const stale = await b.post(`/merchant/customers/${card.number}`, { ...form, email: 'x@y.lu' })
    expect(stale.status).toBe(409)
    const row = await db.knex('customers').where('id', card.customer_id).first()
    expect(row).toMatchObject({
      email: 'contact.new@customers.test',
      phone: '+352 621 999 999',
      version: 2,
    })
  })

  it('lets a store manager see every member but change only those of their stores', async () => {
    const hubCard = await enroll('hub.member@customers.test', 'FASHIONHUB')
    const outletCard = await enroll('outlet.member@customers.test', 'FASHIONOUTLET')
    const b = await signInMerchant(app.url, 'outlet.manager@customers.test', PASSWORD)
    const hubPage = await b.get(`/merchant/customers/${hubCard.number}`)
    expect(hubPage.status).toBe(200)
    expect(hubPage.text).not.toContain('/block"')
    expect(
      (await b.post(`/merchant/customers/${hubCard.number}/block`, { blocked: 'true' })).status,
    ).toBe(403)
    expect((await db.knex('cards').where('id', hubCard.id).first('status')).status).toBe('active')
    expect(
      (await b.post(`/merchant/customers/${outletCard.number}/block`, { blocked: 'true' })).status,
    ).toBe(303)
    const over = await b.post(`/merchant/customers/${outletCard.number}/adjust`, {
      client_id: randomUUID(),
      delta: '101',
      reason: 'More than the limit',
    })
    expect(over.status).toBe(422)
    expect(over.text).toContain(translator('en', 'merchant')('customers.errors.delta_over_limit'))
  })

  it('anonymizes a member: their data leaves every table and the export, the ledger stays, the login fails', async () => {
    const email = 'forget.me@customers.test'
    const card = await enroll(email)
    await earn(card.number, 4200)
    await setCustomerPassword(db.knex, {
      merchantId: M,
      customerId: card.customer_id,
      password: MEMBER_PASSWORD,
      passwordCost: 10,
    })
    const member = new TestBrowser(app.url)
    await member.get('/s/fashionhub/login')
    expect(
      (await member.post('/s/fashionhub/login', { email, password: MEMBER_PASSWORD })).status,
    ).toBe(303)
    const owner = await signInDemoOwner(app.url)
    // A contact change, so the audit holds the old address too.
    await owner.post(`/merchant/customers/${card.number}`, {
      version: '1',
      name: 'Marie Forget',
      email,
      phone: '+352 621 123 456',
      preferred_language: 'fr',
    })
    expect(await db.knex('outbound_emails').whereRaw('lower(to_address) = ?', [email])).not.toEqual(
      [],
    )
    await db.knex('mailbox_messages').insert({
      rcpt_to: [email],
      raw: Buffer.from(`To: ${email}\r\n\r\nHello Marie`),
      size: 20,
    })
    const sums = () =>
      db
        .knex('ledger_entries')
        .where('card_id', card.id)
        .select(db.knex.raw('count(*)::int AS n, sum(points_delta)::int AS points'))
        .first()
    const ledgerBefore = await sums()

    expect((await owner.post(`/merchant/customers/${card.number}/anonymize`, {})).status).toBe(422)
    expect(
      (await owner.post(`/merchant/customers/${card.number}/anonymize`, { confirm: 'yes' })).status,
    ).toBe(303)

    const customer = await db.knex('customers').where('id', card.customer_id).first()
    expect(customer).toMatchObject({
      email: null,
      name: null,
      phone: null,
      birthday: null,
      password_hash: null,
    })
    expect(customer.anonymized_at).not.toBeNull()
    expect(await sums()).toEqual(ledgerBefore)
    expect(await findBalanceMismatches(db.knex)).toEqual([])
    expect(await db.knex('web_sessions').where('customer_id', card.customer_id)).toEqual([])
    // Nothing anywhere still holds the address, the name or the phone.
    for (const [table, column] of [
      ['outbound_emails', 'to_address'],
      ['outbound_emails', 'variables::text'],
      ['mailbox_messages', 'rcpt_to::text'],
      ['mailbox_messages', "encode(raw, 'escape')"],
      ['audit_log', 'data::text'],
      ['kiosk_operations', 'payload::text'],
    ] as const) {
      const found = await db.knex(table).whereRaw(`${column} ILIKE ?`, [`%forget%`])
      expect(found, `${table}.${column}`).toEqual([])
    }
    const exported = await owner.get(`/merchant/customers/${card.number}/export`)
    expect(exported.status).toBe(200)
    expect(exported.text).not.toContain('forget')
    expect(exported.text).not.toContain('621 123 456')
    const again = new TestBrowser(app.url)
    await again.get('/s/fashionhub/login')
    expect(
      (await again.post('/s/fashionhub/login', { email, password: MEMBER_PASSWORD })).status,
    ).not.toBe(303)
  })

  it('names no card for a number with a wrong check digit', async () => {
    const b = await signInDemoOwner(app.url)
    const right = withCheckDigit('12345678901')
    const wrong = right.slice(0, 11) + String((Number(right.at(-1)) + 1) % 10)
    expect((await b.get(`/merchant/customers/${wrong}`)).status).toBe(404)
  })
})
