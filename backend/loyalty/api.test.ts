import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { buildCard, buildMerchant, type BuiltMerchant, apiKeyOf } from '../test/factories.ts'
import { startTestApp, type JsonBody, type TestApp } from '../test/test-app.ts'
import { createApiKey } from '../api-keys/api-keys.ts'
import { apiRoutes } from '../app.ts'
import { createStaff } from '../kiosks/commands/create-staff.ts'
import { loadConfig } from '../config.ts'

const db = useTestDatabase()
const config = loadConfig({ ...process.env, BASE_URL: 'http://localhost', DATABASE_URL: undefined })
let app: TestApp
let merchant: BuiltMerchant
let token: string

beforeAll(async () => {
  app = await startTestApp(db.knex)
  merchant = await buildMerchant(db.knex, {
    programme: { welcome_bonus: 20, cooldown_minutes: 10 },
  })
  token = await apiKeyOf(db.knex, merchant)
})
afterAll(() => app.close())

const enroll = (overrides: Record<string, unknown> = {}) =>
  app.request('POST', '/api/v1/enrollments', {
    token,
    body: {
      client_id: randomUUID(),
      store_code: merchant.storeCodes[0],
      email: `member-${randomUUID().slice(0, 8)}@example.lu`,
      name: 'Jean Reuter',
      phone: '+352 621 555 777',
      birthday: '1985-02-28',
      preferred_language: 'fr',
      ...overrides,
    },
  })

describe('JSON API /api/v1', () => {
  it('enrolls a customer, then answers "already a member" at the other store', async () => {
    const first = await enroll({ email: 'jean.reuter@example.lu' })
    expect(first.status).toBe(201)
    expect(first.body.data).toMatchObject({ already_member: false, welcome_bonus: 20 })
    expect(first.body.data.card.points_balance).toBe(20)
    const again = await enroll({
      email: 'JEAN.REUTER@example.lu',
      store_code: merchant.storeCodes[1],
    })
    expect(again.status).toBe(200)
    expect(again.body.data).toMatchObject({ already_member: true, welcome_bonus: 0 })
    expect(again.body.data.card.number).toBe(first.body.data.card.number)
  })

  it('shows the card detail with phone and birthday, and finds it by number, email and phone', async () => {
    const created = await enroll({ email: 'detail@example.lu', phone: '+352 691 11 22 33' })
    const number = created.body.data.card.number as string
    const detail = await app.request('GET', `/api/v1/cards/${number}`, { token })
    expect(detail.status).toBe(200)
    expect(detail.body.data.customer).toMatchObject({
      email: 'detail@example.lu',
      phone: '+352 691 11 22 33',
      birthday: '1985-02-28',
      preferred_language: 'fr',
    })
    expect(detail.body.data.rewards.map((r: { cost: number }) => r.cost)).toEqual([100, 250, 500])
    const spaced = `${number.slice(0, 4)} ${number.slice(4, 8)} ${number.slice(8)}`
    for (const query of [
      `number=${encodeURIComponent(spaced)}`,
      'email=DETAIL@example.lu',
      'phone=%2B35269111%202233',
    ]) {
      const found = await app.request('GET', `/api/v1/cards?${query}`, { token })
      expect(found.status, query).toBe(200)
      expect(
        found.body.data.map((c: { number: string }) => c.number),
        query,
      ).toEqual([number])
    }
  })

  it('earns, redeems, adjusts and reverses, and pages through the history with store names', async () => {
    const number = (await enroll()).body.data.card.number as string
    const earn = await app.request('POST', `/api/v1/cards/${number}/earn`, {
      token,
      body: { client_id: randomUUID(), store_code: merchant.storeCodes[0], amount_cents: 25_050 },
    })
    expect(earn.status).toBe(201)
    expect(earn.body.data.card.points_balance).toBe(270)
    const redeem = await app.request('POST', `/api/v1/cards/${number}/redeem`, {
      token,
      body: {
        client_id: randomUUID(),
        store_code: merchant.storeCodes[1],
        reward_id: merchant.rewardIds[1],
      },
    })
    expect(redeem.status).toBe(201)
    expect(redeem.body.data.card.points_balance).toBe(20)
    expect(redeem.body.data.entry.store_code).toBe(merchant.storeCodes[1])
    const adjust = await app.request('POST', `/api/v1/cards/${number}/adjust`, {
      token,
      body: { client_id: randomUUID(), points_delta: 5, reason: 'goodwill gesture' },
    })
    expect(adjust.body.data.card.points_balance).toBe(25)
    const reverse = await app.request(
      'POST',
      `/api/v1/ledger-entries/${redeem.body.data.entry.id}/reverse`,
      {
        token,
        body: { client_id: randomUUID(), reason: 'customer changed their mind' },
      },
    )
    expect(reverse.status).toBe(201)
    expect(reverse.body.data.card.points_balance).toBe(275)
    const page1 = await app.request('GET', `/api/v1/cards/${number}/history?per_page=2`, { token })
    expect(page1.body.meta).toEqual({ page: 1, per_page: 2, total: 5, total_pages: 3 })
    expect(page1.body.data[0].type).toBe('reverse')
    const page3 = await app.request('GET', `/api/v1/cards/${number}/history?per_page=2&page=3`, {
      token,
    })
    expect(page3.body.data.map((e: { type: string }) => e.type)).toEqual(['welcome_bonus'])
    expect(page3.body.data[0].store_name).toBe(merchant.storeCodes[0])
  })

  it('answers a cooldown with its code and details, in the language asked for', async () => {
    const number = (await enroll()).body.data.card.number as string
    const earn = () =>
      app.request('POST', `/api/v1/cards/${number}/earn`, {
        token,
        headers: { 'accept-language': 'fr-LU,fr;q=0.9' },
        body: { client_id: randomUUID(), store_code: merchant.storeCodes[0], amount_cents: 1_000 },
      })
    expect((await earn()).status).toBe(201)
    const refused = await earn()
    expect(refused.status).toBe(429)
    expect(refused.body.error.code).toBe('POINTS_COOLDOWN')
    expect(refused.body.error.details.cooldown_minutes).toBe(10)
    expect(refused.body.error.message).toMatch(/10/)
    expect(refused.body.error.request_id).toBe(refused.headers.get('x-request-id'))
  })

  it('replays a client id with the first answer (200) and refuses it with another payload (409)', async () => {
    const number = (await enroll()).body.data.card.number as string
    const body = {
      client_id: randomUUID(),
      store_code: merchant.storeCodes[0],
      amount_cents: 3_000,
    }
    const first = await app.request('POST', `/api/v1/cards/${number}/earn`, { token, body })
    const replay = await app.request('POST', `/api/v1/cards/${number}/earn`, { token, body })
    expect(replay.status).toBe(200)
    expect(replay.body.data).toEqual({ ...first.body.data, duplicate: true })
    const conflict = await app.request('POST', `/api/v1/cards/${number}/earn`, {
      token,
      body: { ...body, amount_cents: 3_001 },
    })
    expect(conflict.status).toBe(409)
    expect(conflict.body.error.code).toBe('IDEMPOTENCY_CONFLICT')
  })

  it('validates bodies and queries and lists every invalid field with a code', async () => {
    const response = await app.request('POST', '/api/v1/cards/123456789012/earn', {
      token,
      body: { client_id: 'nope', amount_cents: -5, surprise: true },
    })
    expect(response.status).toBe(422)
    expect(response.body.error.code).toBe('VALIDATION_FAILED')
    const fields = response.body.error.details.fields.map(
      (f: { path: string; code: string }) => `${f.path}:${f.code}`,
    )
    expect(fields).toEqual(
      expect.arrayContaining([
        'params.number:invalid_card_number',
        'body.client_id:invalid_format',
        'body.store_code:required',
        'body.amount_cents:too_small',
        'body.surprise:unrecognized_keys',
      ]),
    )
    const malformed = await fetch(`${app.url}/api/v1/enrollments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"client_id": ',
    })
    expect(malformed.status).toBe(422)
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe(
      'VALIDATION_FAILED',
    )
    const lookup = await app.request('GET', '/api/v1/cards', { token })
    expect(lookup.status).toBe(422)
  })

  it('refuses requests without a valid API key, and with a revoked one', async () => {
    expect((await app.request('GET', '/api/v1/cards?email=a@b.lu')).status).toBe(401)
    const wrong = await app.request('GET', '/api/v1/cards?email=a@b.lu', { token: `${token}x` })
    expect(wrong.status).toBe(401)
    expect(wrong.body.error.code).toBe('UNAUTHENTICATED')
    const other = await createApiKey(db.knex, {
      merchantId: merchant.merchantId,
      name: 'old',
      actor: merchant.actor,
    })
    await db.knex('api_keys').where('id', other.id).update({ revoked_at: db.knex.fn.now() })
    expect(
      (await app.request('GET', '/api/v1/cards?email=a@b.lu', { token: other.token })).status,
    ).toBe(401)
  })

  it('publishes an OpenAPI 3.1 document of every route', async () => {
    const response = await app.request('GET', '/api/v1/openapi.json')
    expect(response.status).toBe(200)
    expect(response.body.openapi).toBe('3.1.0')
    const operations = Object.values(
      response.body.paths as Record<string, Record<string, { operationId: string }>>,
    )
      .flatMap((path) => Object.values(path).map((op) => op.operationId))
      .sort()
    expect(operations).toEqual(
      apiRoutes(db.knex, config)
        .map((r) => r.operationId)
        .sort(),
    )
    const earn = response.body.paths['/cards/{number}/earn'].post
    expect(earn.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['client_id', 'store_code', 'amount_cents']),
    )
  })
})

describe('tenant isolation', () => {
  // Every route of the API, called with merchant B's key on merchant A's data, must not
  // reveal or change it. A route added later without a case here fails this test.
  it("never lets a merchant's key read or change another merchant's data", async () => {
    const a = merchant
    const cardA = await buildCard(db.knex, a)
    const entryA = (
      await app.request('POST', `/api/v1/cards/${cardA.number}/adjust`, {
        token,
        body: { client_id: randomUUID(), points_delta: 300, reason: 'setup' },
      })
    ).body.data.entry.id as string
    const b = await buildMerchant(db.knex)
    const tokenB = (
      await createApiKey(db.knex, { merchantId: b.merchantId, name: 'b', actor: b.actor })
    ).token
    const [customerA] = await db.knex('customers').where('id', cardA.customerId)
    const staffA = await createStaff(db.knex, {
      merchantId: a.merchantId,
      name: 'Cashier A',
      storeCodes: [a.storeCodes[0]],
      pin: '604182',
      actor: a.actor,
    })
    await db.knex('staff').where('id', staffA.id).update({ pin_locked_at: db.knex.fn.now() })
    const [categoryA] = await db
      .knex('transaction_categories')
      .insert({ merchant_id: a.merchantId, code: 'secret', name: { en: 'Secret' } })
      .returning('id')
    const storeA = await db.knex('stores').where('id', a.storeIds[0]).first('name')
    const [kioskA] = await db
      .knex('kiosks')
      .insert({
        merchant_id: a.merchantId,
        store_id: a.storeIds[0],
        name: 'Till A',
        status: 'active',
      })
      .returning('id')
    const reviewA = randomUUID()
    await db.knex('kiosk_operations').insert({
      merchant_id: a.merchantId,
      kiosk_id: kioskA.id,
      client_id: randomUUID(),
      type: 'redeem',
      request_hash: 'isolation',
      payload: {
        type: 'redeem',
        payload: { card_number: cardA.number, reward_id: a.rewardIds[0] },
      },
      outcome: 'review',
      error: { code: 'INSUFFICIENT_POINTS', details: {} },
      occurred_at: new Date(),
      review_id: reviewA,
    })
    const [alertA] = await db
      .knex('alerts')
      .insert({
        merchant_id: a.merchantId,
        kind: 'kiosk_silent',
        key: `kiosk_silent:${kioskA.id}:isolation`,
        store_id: a.storeIds[0],
        kiosk_id: kioskA.id,
      })
      .returning('id')
    const [hookA] = await db
      .knex('webhook_endpoints')
      .insert({
        merchant_id: a.merchantId,
        url: 'https://a.example/hook',
        events: ['card.enrolled'],
        secret_ciphertext: 'isolation',
        secret_prefix: 'whsec_isolat',
      })
      .returning('id')
    const [deliveryA] = await db
      .knex('webhook_deliveries')
      .insert({
        merchant_id: a.merchantId,
        endpoint_id: hookA.id,
        event: 'card.enrolled',
        data: {},
        status: 'failed',
      })
      .returning('id')

    const cases: Record<
      string,
      { path: string; body?: unknown; expect: (body: JsonBody) => void }
    > = {
      enrollCustomer: {
        path: '/api/v1/enrollments',
        body: {
          client_id: randomUUID(),
          store_code: a.storeCodes[0],
          email: customerA.email,
          name: 'x',
        },
        expect: (body) => expect(body.error.code).toBe('STORE_NOT_FOUND'),
      },
      findCards: {
        path: `/api/v1/cards?email=${encodeURIComponent(customerA.email)}`,
        expect: (body) => expect(body.data).toEqual([]),
      },
      getCard: {
        path: `/api/v1/cards/${cardA.number}`,
        expect: (body) => expect(body.error.code).toBe('CARD_NOT_FOUND'),
      },
      getCardHistory: {
        path: `/api/v1/cards/${cardA.number}/history`,
        expect: (body) => expect(body.error.code).toBe('CARD_NOT_FOUND'),
      },
      earnPoints: {
        path: `/api/v1/cards/${cardA.number}/earn`,
        body: { client_id: randomUUID(), store_code: b.storeCodes[0], amount_cents: 10_000 },
        expect: (body) => expect(body.error.code).toBe('CARD_NOT_FOUND'),
      },
      addStamps: {
        path: `/api/v1/cards/${cardA.number}/stamps`,
        body: { client_id: randomUUID(), store_code: b.storeCodes[0] },
        expect: (body) => expect(body.error.code).toBe('CARD_NOT_FOUND'),
      },
      redeemReward: {
        path: `/api/v1/cards/${cardA.number}/redeem`,
        body: { client_id: randomUUID(), store_code: b.storeCodes[0], reward_id: a.rewardIds[0] },
        expect: (body) => expect(body.error.code).toBe('CARD_NOT_FOUND'),
      },
      adjustBalance: {
        path: `/api/v1/cards/${cardA.number}/adjust`,
        body: { client_id: randomUUID(), points_delta: -300, reason: 'steal' },
        expect: (body) => expect(body.error.code).toBe('CARD_NOT_FOUND'),
      },
      reverseEntry: {
        path: `/api/v1/ledger-entries/${entryA}/reverse`,
        body: { client_id: randomUUID(), reason: 'steal' },
        expect: (body) => expect(body.error.code).toBe('ENTRY_NOT_FOUND'),
      },
      // Cashiers: another merchant's are not there.
      listStaff: {
        path: '/api/v1/staff',
        expect: (body) => expect(body.data).toEqual([]),
      },
      createStaff: {
        path: '/api/v1/staff',
        body: { name: 'Intruder', stores: [a.storeCodes[0]], pin: '604182' },
        expect: (body) => {
          expect(body.error.code).toBe('VALIDATION_FAILED')
          expect(body.error.details.fields).toEqual([{ path: 'stores', code: 'invalid' }])
        },
      },
      updateStaff: {
        path: `/api/v1/staff/${staffA.id}`,
        body: { active: false, version: 1 },
        expect: (body) => expect(body.error.code).toBe('NOT_FOUND'),
      },
      setStaffPin: {
        path: `/api/v1/staff/${staffA.id}/pin`,
        body: { pin: '918273' },
        expect: (body) => expect(body.error.code).toBe('NOT_FOUND'),
      },
      unlockStaffPin: {
        path: `/api/v1/staff/${staffA.id}/unlock`,
        expect: (body) => expect(body.error.code).toBe('NOT_FOUND'),
      },
      // The kiosk's doors: a key is not a kiosk, whichever merchant it belongs to.
      pairKiosk: {
        path: '/api/v1/kiosk/pair',
        body: { code: 'ACDEFGHJ', app_version: '1.0.0' },
        expect: (body) => expect(body.error.code).toBe('PAIRING_CODE_INVALID'),
      },
      syncKiosk: {
        path: '/api/v1/kiosk/sync',
        body: {},
        expect: (body) => expect(body.error.code).toBe('FORBIDDEN'),
      },
      searchKioskCards: {
        path: `/api/v1/kiosk/cards?query=${encodeURIComponent(customerA.email)}`,
        expect: (body) => expect(body.error.code).toBe('FORBIDDEN'),
      },
      getKioskCardHistory: {
        path: `/api/v1/kiosk/cards/${cardA.number}/history`,
        expect: (body) => expect(body.error.code).toBe('FORBIDDEN'),
      },
      // The programme routes answer with the key's own merchant's programme and rewards.
      getProgramme: {
        path: '/api/v1/programme',
        expect: (body) => expect(body.data.id).toBe(b.programmeId),
      },
      updateProgramme: {
        path: '/api/v1/programme',
        body: { version: 1, welcome_bonus: 999 },
        expect: (body) => expect(body.data.id).toBe(b.programmeId),
      },
      activateProgramme: {
        path: '/api/v1/programme/activate',
        body: { version: 2 },
        expect: (body) => expect(body.data.id).toBe(b.programmeId),
      },
      pauseProgramme: {
        path: '/api/v1/programme/pause',
        body: { version: 3 },
        expect: (body) => expect(body.data.id).toBe(b.programmeId),
      },
      listRewards: {
        path: '/api/v1/rewards',
        expect: (body) => expect(body.data.map((r: JsonBody) => r.id)).toEqual(b.rewardIds),
      },
      createReward: {
        path: '/api/v1/rewards',
        body: { name: { en: 'Stolen' }, cost: 1 },
        expect: (body) => expect(body.data.programme_id).toBe(b.programmeId),
      },
      updateReward: {
        path: `/api/v1/rewards/${a.rewardIds[0]}`,
        body: { version: 1, cost: 1 },
        expect: (body) => expect(body.error.code).toBe('REWARD_NOT_FOUND'),
      },
      deleteReward: {
        path: `/api/v1/rewards/${a.rewardIds[1]}?version=1`,
        expect: (body) => expect(body.error.code).toBe('REWARD_NOT_FOUND'),
      },
      // Categories: another merchant's are not there, nor are its stores.
      listCategories: {
        path: '/api/v1/categories',
        expect: (body) => expect(body.data).toEqual([]),
      },
      createCategory: {
        path: '/api/v1/categories',
        body: { code: 'intruder', store_id: a.storeIds[0], name: { en: 'Intruder' } },
        expect: (body) =>
          expect(body.error.details.fields).toEqual([{ path: 'store_id', code: 'invalid' }]),
      },
      updateCategory: {
        path: `/api/v1/categories/${categoryA.id}`,
        body: { version: 1, active: false },
        expect: (body) => expect(body.error.code).toBe('NOT_FOUND'),
      },
      moveReward: {
        path: `/api/v1/rewards/${a.rewardIds[1]}/move`,
        body: { version: 1, direction: 'up' },
        expect: (body) => expect(body.error.code).toBe('REWARD_NOT_FOUND'),
      },
      // Stores: the key sees its own merchant's, and another merchant's are not there.
      listStores: {
        path: '/api/v1/stores',
        expect: (body) =>
          expect(body.data.map((s: JsonBody) => s.id).sort()).toEqual([...b.storeIds].sort()),
      },
      updateStore: {
        path: `/api/v1/stores/${a.storeIds[0]}`,
        body: { version: 1, name: 'Taken over' },
        expect: (body) => expect(body.error.code).toBe('NOT_FOUND'),
      },
      setStoreLogo: {
        path: `/api/v1/stores/${a.storeIds[0]}/logo?version=1`,
        body: {},
        expect: (body) => expect(body.error.code).toBe('NOT_FOUND'),
      },
      removeStoreLogo: {
        path: `/api/v1/stores/${a.storeIds[0]}/logo?version=1`,
        expect: (body) => expect(body.error.code).toBe('NOT_FOUND'),
      },
      // Customers: another merchant's members are not found, nor changed.
      searchCustomers: {
        path: `/api/v1/customers?query=${encodeURIComponent(customerA.email)}`,
        expect: (body) => expect(body.data).toEqual([]),
      },
      updateCustomer: {
        path: `/api/v1/customers/${cardA.customerId}`,
        body: { version: 1, name: 'Taken over' },
        expect: (body) => expect(body.error.code).toBe('CUSTOMER_NOT_FOUND'),
      },
      blockCard: {
        path: `/api/v1/cards/${cardA.number}/block`,
        body: { reason: 'x' },
        expect: (body) => expect(body.error.code).toBe('CARD_NOT_FOUND'),
      },
      unblockCard: {
        path: `/api/v1/cards/${cardA.number}/unblock`,
        body: {},
        expect: (body) => expect(body.error.code).toBe('CARD_NOT_FOUND'),
      },
      anonymizeCustomer: {
        path: `/api/v1/customers/${cardA.customerId}/anonymize`,
        body: {},
        expect: (body) => expect(body.error.code).toBe('CUSTOMER_NOT_FOUND'),
      },
      // The review queue: another merchant's items are neither listed nor decided.
      listReviewItems: {
        path: '/api/v1/review',
        expect: (body) => expect(body.data).toEqual([]),
      },
      applyReviewItem: {
        path: `/api/v1/review/${reviewA}/apply`,
        body: { version: 1 },
        expect: (body) => expect(body.error.code).toBe('NOT_FOUND'),
      },
      dismissReviewItem: {
        path: `/api/v1/review/${reviewA}/dismiss`,
        body: { version: 1, reason: 'Not mine to decide' },
        expect: (body) => expect(body.error.code).toBe('NOT_FOUND'),
      },
      // Alerts: another merchant's are neither listed nor acknowledged.
      listAlerts: {
        path: '/api/v1/alerts',
        expect: (body) => expect(body.data).toEqual([]),
      },
      acknowledgeAlert: {
        path: `/api/v1/alerts/${alertA.id}/acknowledge`,
        body: { version: 1 },
        expect: (body) => expect(body.error.code).toBe('NOT_FOUND'),
      },
      // Webhooks: another merchant's endpoints and deliveries are neither listed, read, changed
      // nor replayed; an endpoint made with B's key is B's.
      listWebhookEndpoints: {
        path: '/api/v1/webhooks',
        expect: (body) => expect(body.data).toEqual([]),
      },
      createWebhookEndpoint: {
        path: '/api/v1/webhooks',
        body: { url: 'https://b.example/hook', events: ['card.enrolled'] },
        expect: (body) => expect(body.data.url).toBe('https://b.example/hook'),
      },
      getWebhookEndpoint: {
        path: `/api/v1/webhooks/${hookA.id}`,
        expect: (body) => expect(body.error.code).toBe('NOT_FOUND'),
      },
      updateWebhookEndpoint: {
        path: `/api/v1/webhooks/${hookA.id}`,
        body: { version: 1, active: false },
        expect: (body) => expect(body.error.code).toBe('NOT_FOUND'),
      },
      listWebhookDeliveries: {
        path: `/api/v1/webhooks/${hookA.id}/deliveries`,
        expect: (body) => expect(body.error.code).toBe('NOT_FOUND'),
      },
      replayWebhookDelivery: {
        path: `/api/v1/webhooks/${hookA.id}/deliveries/${deliveryA.id}/replay`,
        expect: (body) => expect(body.error.code).toBe('NOT_FOUND'),
      },
      // CSV exports: another merchant's rows are not in them, its stores are unknown.
      exportCustomers: {
        path: '/api/v1/exports/customers.csv',
        expect: (body) => {
          expect(body).toContain('customer_id,email')
          expect(body).not.toContain(customerA.email)
        },
      },
      exportCards: {
        path: '/api/v1/exports/cards.csv',
        expect: (body) => expect(body).not.toContain(cardA.number),
      },
      exportLedger: {
        path: `/api/v1/exports/ledger.csv?store=${a.storeCodes[0]}`,
        expect: (body) =>
          expect(body.error.details.fields).toEqual([{ path: 'store', code: 'unknown_store' }]),
      },
    }
    const routes = apiRoutes(db.knex, config)
    expect(Object.keys(cases).sort()).toEqual(routes.map((r) => r.operationId).sort())
    for (const route of routes) {
      const c = cases[route.operationId]!
      const response = await app.request(route.method.toUpperCase(), c.path, {
        token: tokenB,
        body: c.body,
      })
      c.expect(response.body)
    }
    const after = await db.knex('cards').where('id', cardA.cardId).first()
    expect(after.points_balance).toBe(320) // welcome bonus 20 + 300
    expect(await db.knex('customers').where({ merchant_id: b.merchantId })).toEqual([])
    expect(await db.knex('programmes').where('id', a.programmeId).first()).toMatchObject({
      version: 1,
      welcome_bonus: 20,
      status: 'active',
    })
    expect(await db.knex('rewards').where('merchant_id', a.merchantId)).toHaveLength(3)
    expect(await db.knex('rewards').where({ id: a.rewardIds[0], cost: 100 })).toHaveLength(1)
    expect(await db.knex('staff').where('id', staffA.id).first('active', 'name')).toEqual({
      active: true,
      name: 'Cashier A',
    })
    expect((await db.knex('staff').where('id', staffA.id).first()).pin_locked_at).not.toBeNull()
    expect(await db.knex('staff').where({ merchant_id: b.merchantId })).toEqual([])
    expect(await db.knex('transaction_categories').where('id', categoryA.id).first()).toMatchObject(
      { active: true, version: 1 },
    )
    expect(await db.knex('transaction_categories').where({ merchant_id: b.merchantId })).toEqual([])
    expect(
      await db.knex('kiosk_operations').where('review_id', reviewA).first('decision', 'version'),
    ).toEqual({ decision: null, version: 1 })
    expect(await db.knex('stores').where('id', a.storeIds[0]).first('name', 'version')).toEqual({
      name: storeA.name,
      version: 1,
    })
    expect(await db.knex('customers').where('id', cardA.customerId).first()).toMatchObject({
      email: customerA.email,
      name: customerA.name,
      version: 1,
      anonymized_at: null,
    })
    expect((await db.knex('cards').where('id', cardA.cardId).first()).status).toBe('active')
    expect(
      await db.knex('alerts').where('id', alertA.id).first('acknowledged_at', 'version'),
    ).toEqual({ acknowledged_at: null, version: 1 })
    expect(
      await db
        .knex('webhook_endpoints')
        .where('merchant_id', a.merchantId)
        .select('id', 'active', 'version'),
    ).toEqual([{ id: hookA.id, active: true, version: 1 }])
    expect(await db.knex('webhook_deliveries').where('id', deliveryA.id).first('status')).toEqual({
      status: 'failed',
    })
  })
})
