import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { buildCard, buildMerchant, apiKeyOf, type BuiltMerchant } from '../test/factories.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'

// The customers API with the merchant's key: search (a wrong check digit is an error, not "no
// member"), a partial contact change from a version (stale: 409, another member's email: 422),
// block and unblock with a reason (audited; a blocked card earns nothing), and anonymize.

const db = useTestDatabase()
let app: TestApp
let merchant: BuiltMerchant
let token: string

beforeAll(async () => {
  app = await startTestApp(db.knex)
  merchant = await buildMerchant(db.knex)
  token = await apiKeyOf(db.knex, merchant)
})
afterAll(() => app.close())

const call = (method: string, path: string, body?: unknown) =>
  app.request(method, `/api/v1${path}`, { token, body })

describe('the customers API', () => {
  it('searches by card number and by email beginning, and says when a check digit is wrong', async () => {
    const card = await buildCard(db.knex, merchant)
    const customer = await db.knex('customers').where('id', card.customerId).first('email')
    const byNumber = await call('GET', `/customers?query=${card.number}`)
    expect(byNumber.status).toBe(200)
    expect(byNumber.body.data.map((c: { card_number: string }) => c.card_number)).toEqual([
      card.number,
    ])
    const byEmail = await call(
      'GET',
      `/customers?query=${encodeURIComponent(customer.email.split('@')[0] + '@ex')}`,
    )
    expect(byEmail.body.data[0]).toMatchObject({ customer_id: card.customerId })
    const wrong = card.number.slice(0, 11) + String((Number(card.number.at(-1)) + 1) % 10)
    const refused = await call('GET', `/customers?query=${wrong}`)
    expect(refused.status).toBe(422)
    expect(refused.body.error.code).toBe('INVALID_CARD_NUMBER')
  })

  it('changes contact details from a version, refusing a stale one and a taken email', async () => {
    const card = await buildCard(db.knex, merchant)
    const other = await buildCard(db.knex, merchant)
    const otherEmail = (await db.knex('customers').where('id', other.customerId).first('email'))
      .email
    const changed = await call('PATCH', `/customers/${card.customerId}`, {
      version: 1,
      phone: '+352 621 123 456',
      birthday: '1990-04-17',
    })
    expect(changed.status).toBe(200)
    expect(changed.body.data.customer).toMatchObject({
      phone: '+352 621 123 456',
      birthday: '1990-04-17',
      version: 2,
    })
    const stale = await call('PATCH', `/customers/${card.customerId}`, { version: 1, name: 'X' })
    expect(stale.status).toBe(409)
    expect(stale.body.error).toMatchObject({
      code: 'EDIT_CONFLICT',
      details: { subject: 'customer', version: 1, current_version: 2 },
    })
    const taken = await call('PATCH', `/customers/${card.customerId}`, {
      version: 2,
      email: otherEmail.toUpperCase(),
    })
    expect(taken.status).toBe(422)
    expect(taken.body.error.details.fields).toEqual([{ path: 'email', code: 'taken' }])
  })

  it('blocks and unblocks a card with a reason; a blocked card earns nothing', async () => {
    const card = await buildCard(db.knex, merchant)
    const blocked = await call('POST', `/cards/${card.number}/block`, { reason: 'Lost' })
    expect(blocked).toMatchObject({
      status: 200,
      body: { data: { number: card.number, status: 'blocked' } },
    })
    const earn = await call('POST', `/cards/${card.number}/earn`, {
      client_id: randomUUID(),
      store_code: merchant.storeCodes[0],
      amount_cents: 1000,
    })
    expect(earn.body.error.code).toBe('CARD_BLOCKED')
    const audit = await db
      .knex('audit_log')
      .where({ action: 'card.block', subject_id: card.cardId })
      .first('data', 'actor_type')
    expect(audit).toMatchObject({
      actor_type: 'api_key',
      data: { before: { status: 'active' }, after: { status: 'blocked', reason: 'Lost' } },
    })
    const unblocked = await call('POST', `/cards/${card.number}/unblock`, {})
    expect(unblocked.body.data.status).toBe('active')
  })

  it('anonymizes a member: the data goes, the card is blocked, a second time is not found', async () => {
    const card = await buildCard(db.knex, merchant)
    const done = await call('POST', `/customers/${card.customerId}/anonymize`, {
      reason: 'Asked by email',
    })
    expect(done).toMatchObject({
      status: 200,
      body: { data: { id: card.customerId, anonymized: true, cards_blocked: 1 } },
    })
    expect(await db.knex('customers').where('id', card.customerId).first()).toMatchObject({
      email: null,
      name: null,
    })
    const again = await call('POST', `/customers/${card.customerId}/anonymize`, {})
    expect(again.body.error.code).toBe('CUSTOMER_NOT_FOUND')
  })
})
