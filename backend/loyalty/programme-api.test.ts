import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { buildMerchant, type BuiltMerchant, apiKeyOf } from '../test/factories.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'

const db = useTestDatabase()
let app: TestApp
let merchant: BuiltMerchant
let token: string

beforeAll(async () => {
  app = await startTestApp(db.knex)
  merchant = await buildMerchant(db.knex, {
    programme: { status: 'draft', terms: {}, welcome_bonus: 10 },
  })
  token = await apiKeyOf(db.knex, merchant)
})
afterAll(() => app.close())

describe('programme API', () => {
  it('reads, patches partially, refuses activation without terms, then activates', async () => {
    const read = await app.request('GET', '/api/v1/programme', { token })
    expect(read.status).toBe(200)
    expect(read.body.data).toMatchObject({
      id: merchant.programmeId,
      status: 'draft',
      welcome_bonus: 10,
      missing_terms: ['en'],
      version: 1,
      offline_limits: {
        max_offline_minutes_for_redemptions: 1440,
        max_offline_redemption_points: 500,
      },
    })

    const refused = await app.request('POST', '/api/v1/programme/activate', {
      token,
      body: { version: 1 },
    })
    expect(refused.status).toBe(409)
    expect(refused.body.error).toMatchObject({
      code: 'PROGRAMME_TERMS_REQUIRED',
      details: { languages: ['en'] },
    })

    const patched = await app.request('PATCH', '/api/v1/programme', {
      token,
      body: { version: 1, welcome_bonus: 25, terms: { en: 'Terms', fr: 'Conditions' } },
    })
    expect(patched.status).toBe(200)
    expect(patched.body.data).toMatchObject({ welcome_bonus: 25, version: 2, missing_terms: [] })

    const stale = await app.request('PATCH', '/api/v1/programme', {
      token,
      body: { version: 1, welcome_bonus: 30 },
    })
    expect(stale.status).toBe(409)
    expect(stale.body.error).toMatchObject({
      code: 'EDIT_CONFLICT',
      details: { version: 1, current_version: 2 },
    })

    const active = await app.request('POST', '/api/v1/programme/activate', {
      token,
      body: { version: 2 },
    })
    expect(active.body.data).toMatchObject({ status: 'active', version: 3 })

    const cleared = await app.request('PATCH', '/api/v1/programme', {
      token,
      body: { version: 3, terms: {} },
    })
    expect(cleared.body.error.code).toBe('PROGRAMME_TERMS_REQUIRED')
  })

  it('validates the body with the field names of the columns', async () => {
    const response = await app.request('PATCH', '/api/v1/programme', {
      token,
      body: { version: 0, welcome_bonus: -1, daily_cap: 0, colour: 'red' },
    })
    expect(response.status).toBe(422)
    expect(response.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(
      ['body.colour', 'body.daily_cap', 'body.version', 'body.welcome_bonus'].sort(),
    )
  })

  it('adds, edits and deletes rewards with versions', async () => {
    const created = await app.request('POST', '/api/v1/rewards', {
      token,
      body: { name: { en: 'Tote bag', fr: 'Sac' }, cost: 150 },
    })
    expect(created.status).toBe(201)
    expect(created.body.data).toMatchObject({ cost: 150, active: true, version: 1, position: 3 })
    const id = created.body.data.id as string

    const edited = await app.request('PATCH', `/api/v1/rewards/${id}`, {
      token,
      body: { version: 1, active: false },
    })
    expect(edited.body.data).toMatchObject({ active: false, version: 2 })
    const stale = await app.request('DELETE', `/api/v1/rewards/${id}?version=1`, { token })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('EDIT_CONFLICT')
    const deleted = await app.request('DELETE', `/api/v1/rewards/${id}?version=2`, { token })
    expect(deleted.body.data).toEqual({ deleted: true })

    const list = await app.request('GET', '/api/v1/rewards', { token })
    expect(list.body.data.map((r: { id: string }) => r.id)).toEqual(merchant.rewardIds)
  })

  it('reorders only by moving a reward, from the version read', async () => {
    const [first, second, third] = merchant.rewardIds as [string, string, string]
    const moved = await app.request('POST', `/api/v1/rewards/${third}/move`, {
      token,
      body: { version: 1, direction: 'up' },
    })
    expect(moved.status).toBe(200)
    expect(moved.body.data.map((r: { id: string }) => r.id)).toEqual([first, third, second])
    expect(moved.body.data[1]).toMatchObject({ id: third, position: 1, version: 2 })
    const stale = await app.request('POST', `/api/v1/rewards/${third}/move`, {
      token,
      body: { version: 1, direction: 'up' },
    })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('EDIT_CONFLICT')
    // A position in a change is not a second way to reorder.
    const patched = await app.request('PATCH', `/api/v1/rewards/${first}`, {
      token,
      body: { version: 1, position: 2 },
    })
    expect(patched.status).toBe(422)
    expect(patched.body.error.details.fields).toEqual([
      { path: 'body.position', code: expect.any(String) },
    ])
  })
})
