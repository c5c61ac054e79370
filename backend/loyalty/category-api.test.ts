import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { buildCard, buildMerchant, type BuiltMerchant, apiKeyOf } from '../test/factories.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'

// The categories API with the merchant's key: create (merchant-wide or for a store), list,
// partial PATCH from a version, stale version, a taken code, no delete, and an earning filed
// under a category that is then deactivated.

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

describe('categories API', () => {
  it('creates, lists and patches categories from their version', async () => {
    const wide = await app.request('POST', '/api/v1/categories', {
      token,
      body: { code: 'coffee', name: { en: 'Coffee', fr: 'Café' } },
    })
    expect(wide.status).toBe(201)
    expect(wide.body.data).toMatchObject({
      code: 'coffee',
      store_id: null,
      store_code: null,
      name: { en: 'Coffee', fr: 'Café' },
      active: true,
      entries: 0,
      version: 1,
    })
    const store = await app.request('POST', '/api/v1/categories', {
      token,
      body: { code: 'coffee', store_id: merchant.storeIds[1], name: { en: 'Outlet coffee' } },
    })
    expect(store.status).toBe(201)
    expect(store.body.data).toMatchObject({
      store_id: merchant.storeIds[1],
      store_code: merchant.storeCodes[1],
    })

    const taken = await app.request('POST', '/api/v1/categories', {
      token,
      body: { code: 'coffee', name: { en: 'Again' } },
    })
    expect(taken.status).toBe(422)
    expect(taken.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ path: 'code', code: 'taken' }] },
    })
    const invalid = await app.request('POST', '/api/v1/categories', {
      token,
      body: { code: 'No Spaces', name: {} },
    })
    expect(invalid.status).toBe(422)
    expect(invalid.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'body.code',
      'body.name',
    ])

    const list = await app.request('GET', '/api/v1/categories', { token })
    expect(
      list.body.data.map((c: { code: string; store_code: string | null }) => c.store_code),
    ).toEqual([null, merchant.storeCodes[1]])

    const id = wide.body.data.id as string
    const patched = await app.request('PATCH', `/api/v1/categories/${id}`, {
      token,
      body: { version: 1, name: { en: 'Coffee & tea' } },
    })
    expect(patched.status).toBe(200)
    expect(patched.body.data).toMatchObject({
      name: { en: 'Coffee & tea' },
      active: true,
      version: 2,
    })
    const stale = await app.request('PATCH', `/api/v1/categories/${id}`, {
      token,
      body: { version: 1, active: false },
    })
    expect(stale.status).toBe(409)
    expect(stale.body.error).toMatchObject({
      code: 'EDIT_CONFLICT',
      details: { subject: 'category', id, version: 1, current_version: 2 },
    })
    const fixedCode = await app.request('PATCH', `/api/v1/categories/${id}`, {
      token,
      body: { version: 2, code: 'tea' },
    })
    expect(fixedCode.status).toBe(422)
    // There is no DELETE: ledger entries name their category.
    const deleted = await app.request('DELETE', `/api/v1/categories/${id}`, { token })
    expect(deleted.status).toBeGreaterThanOrEqual(400)
    expect(await db.knex('transaction_categories').where('id', id)).toHaveLength(1)
    const audit = await db
      .knex('audit_log')
      .where({ subject_id: id })
      .orderBy('created_at')
      .select('action', 'actor_type')
    expect(audit).toEqual([
      { action: 'category.create', actor_type: 'api_key' },
      { action: 'category.update', actor_type: 'api_key' },
    ])
  })

  it('files an earning under an active category, counts it, and refuses it once deactivated', async () => {
    const card = await buildCard(db.knex, merchant)
    const created = await app.request('POST', '/api/v1/categories', {
      token,
      body: { code: 'shoes', name: { en: 'Shoes' } },
    })
    const id = created.body.data.id as string
    const earn = (categoryId: string) =>
      app.request('POST', `/api/v1/cards/${card.number}/earn`, {
        token,
        body: {
          client_id: randomUUID(),
          store_code: merchant.storeCodes[0],
          amount_cents: 1_000,
          category_id: categoryId,
        },
      })
    expect((await earn(id)).status).toBe(201)
    const list = await app.request('GET', '/api/v1/categories', { token })
    expect(list.body.data.find((c: { id: string }) => c.id === id).entries).toBe(1)
    const off = await app.request('PATCH', `/api/v1/categories/${id}`, {
      token,
      body: { version: 1, active: false },
    })
    expect(off.body.data).toMatchObject({ active: false, entries: 1, version: 2 })
    expect((await earn(id)).body.error.code).toBe('CATEGORY_NOT_FOUND')
  })
})
