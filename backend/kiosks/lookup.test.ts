import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { buildCard, buildMerchant, type BuiltMerchant } from '../test/factories.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { earnPoints } from '../loyalty/commands/earn-points.ts'
import { createKioskPairing } from './commands/create-kiosk.ts'
import { createApiKey } from '../api-keys/api-keys.ts'

// What a cashier may look up online at the kiosk: a member by exact email or phone, a card's
// recent history, within the kiosk's merchant only, with the device credential only.

const db = useTestDatabase()
let app: TestApp
let merchant: BuiltMerchant
let other: BuiltMerchant
let credential: string

beforeAll(async () => {
  app = await startTestApp(db.knex)
  merchant = await buildMerchant(db.knex, { programme: { welcome_bonus: 10 } })
  other = await buildMerchant(db.knex)
  const pairing = await createKioskPairing(db.knex, {
    merchantId: merchant.merchantId,
    storeCode: merchant.storeCodes[0]!,
    name: 'Till',
    baseUrl: 'http://localhost',
    actor: merchant.actor,
  })
  const paired = await app.request('POST', '/api/v1/kiosk/pair', {
    body: { code: pairing.code, app_version: '1.0.0' },
  })
  credential = paired.body.data.credential as string
})
afterAll(() => app.close())

describe('kiosk lookups', () => {
  it('finds the merchant’s member by exact email (any case) or phone, not another merchant’s', async () => {
    const email = `lookup-${randomUUID().slice(0, 8)}@example.test`
    const card = await buildCard(db.knex, merchant, { email, phone: '+352 621 123 456' })
    await buildCard(db.knex, other, { email: `elsewhere-${email}` })
    const byEmail = await app.request('GET', `/api/v1/kiosk/cards?query=${email.toUpperCase()}`, {
      token: credential,
    })
    expect(byEmail.status).toBe(200)
    expect(byEmail.body.data).toMatchObject([{ number: card.number, customer_email: email }])
    const byPhone = await app.request('GET', '/api/v1/kiosk/cards?query=%2B352621123456', {
      token: credential,
    })
    expect(byPhone.body.data.map((c: { number: string }) => c.number)).toEqual([card.number])
    const elsewhere = await app.request('GET', `/api/v1/kiosk/cards?query=elsewhere-${email}`, {
      token: credential,
    })
    expect(elsewhere.body.data).toEqual([])
    const tooShort = await app.request('GET', '/api/v1/kiosk/cards?query=ab', { token: credential })
    expect(tooShort.status).toBe(422)
  })

  it('lists a card’s recent history, and 404s another merchant’s card', async () => {
    const card = await buildCard(db.knex, merchant)
    await earnPoints(db.knex, {
      merchantId: merchant.merchantId,
      cardNumber: card.number,
      storeCode: merchant.storeCodes[0]!,
      amountCents: 2_000,
      clientId: randomUUID(),
      actor: merchant.actor,
    })
    const history = await app.request(
      'GET',
      `/api/v1/kiosk/cards/${card.number}/history?per_page=5`,
      { token: credential },
    )
    expect(history.status).toBe(200)
    expect(history.body.data.map((e: { type: string }) => e.type)).toEqual([
      'earn',
      'welcome_bonus',
    ])
    const foreign = await buildCard(db.knex, other)
    const refused = await app.request('GET', `/api/v1/kiosk/cards/${foreign.number}/history`, {
      token: credential,
    })
    expect(refused.status).toBe(404)
    expect(refused.body.error.code).toBe('CARD_NOT_FOUND')
  })

  it('answers only a kiosk’s device credential (nobody 401, an API key 403)', async () => {
    expect(
      (await app.request('GET', '/api/v1/kiosk/cards?query=someone@example.test')).status,
    ).toBe(401)
    const key = await createApiKey(db.knex, {
      merchantId: merchant.merchantId,
      name: 'pos',
      actor: merchant.actor,
    })
    const withApiKey = await app.request('GET', '/api/v1/kiosk/cards?query=someone@example.test', {
      token: key.token,
    })
    expect(withApiKey.status).toBe(403)
    expect(withApiKey.body.error.code).toBe('FORBIDDEN')
  })
})
