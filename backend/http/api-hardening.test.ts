import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { buildCard, buildMerchant, type BuiltMerchant } from '../test/factories.ts'
import { startTestApp, type JsonBody, type TestApp } from '../test/test-app.ts'
import { createApiKey } from '../api-keys/api-keys.ts'

// The defects found by testing the API as an attacker would (issue 17): each answer is the
// API's JSON error with a stable code, never a 500 and never a page's answer.

const db = useTestDatabase()
let app: TestApp
let merchant: BuiltMerchant
let token: string

beforeAll(async () => {
  app = await startTestApp(db.knex)
  merchant = await buildMerchant(db.knex)
  token = (
    await createApiKey(db.knex, {
      merchantId: merchant.merchantId,
      name: 'attacker',
      actor: merchant.actor,
    })
  ).token
})
afterAll(() => app.close())

const raw = (
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string },
) =>
  fetch(`${app.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...init.headers },
    body: init.body,
  })

describe('a body the parser cannot read', () => {
  it('answers 400 INVALID_BODY when it claims gzip, deflate or br but is not', async () => {
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const response = await raw('POST', '/api/v1/enrollments', {
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body: '{"not": "compressed"}',
      })
      expect(response.status, encoding).toBe(400)
      const body = (await response.json()) as JsonBody
      expect(body.error.code, encoding).toBe('INVALID_BODY')
      expect(body.error.details, encoding).toEqual({ reason: 'content_encoding' })
    }
  })
})

describe('a NUL character in a text field', () => {
  it('is refused at validation with the field named, before PostgreSQL sees it', async () => {
    const enroll = await app.request('POST', '/api/v1/enrollments', {
      token,
      body: {
        client_id: randomUUID(),
        store_code: merchant.storeCodes[0],
        email: 'nul@example.lu',
        name: 'Jean\u0000Reuter',
      },
    })
    expect(enroll.status).toBe(422)
    expect(enroll.body.error.code).toBe('VALIDATION_FAILED')
    expect(enroll.body.error.details.fields).toContainEqual({
      path: 'body.name',
      code: 'invalid_characters',
    })
    expect(await db.knex('customers').where({ email: 'nul@example.lu' })).toEqual([])

    const card = await buildCard(db.knex, merchant)
    const adjust = await app.request('POST', `/api/v1/cards/${card.number}/adjust`, {
      token,
      body: { client_id: randomUUID(), points_delta: 5, reason: 'goodwill\u0000gesture' },
    })
    expect(adjust.status).toBe(422)
    expect(adjust.body.error.details.fields).toEqual([
      { path: 'body.reason', code: 'invalid_characters' },
    ])
  })

  it('is refused in a query, a path parameter and a nested value', async () => {
    const query = await app.request('GET', '/api/v1/cards?email=a%00b@example.lu', { token })
    expect(query.status).toBe(422)
    expect(query.body.error.details.fields).toEqual([
      { path: 'query.email', code: 'invalid_characters' },
    ])
    const param = await app.request('GET', '/api/v1/cards/1234%00', { token })
    expect(param.status).toBe(422)
    expect(param.body.error.details.fields).toEqual([
      { path: 'params.number', code: 'invalid_characters' },
    ])
  })

  it('is refused in a page form and a page query too, before any page reads them', async () => {
    const form = await fetch(`${app.url}/s/any-store/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'email=a%40example.lu&name=L%00a',
    })
    expect(form.status).toBe(422)
    expect(((await form.json()) as JsonBody).error.details.fields).toEqual([
      { path: 'body.name', code: 'invalid_characters' },
    ])
    const query = await app.request('GET', '/merchant/customers?q=%00')
    expect(query.status).toBe(422)
    expect(query.body.error.details.fields).toEqual([
      { path: 'query.q', code: 'invalid_characters' },
    ])
  })
})

describe('a method or path the API does not have', () => {
  it('answers a wrong method with 405 METHOD_NOT_ALLOWED in JSON and an Allow header', async () => {
    const response = await app.request('DELETE', '/api/v1/enrollments', { token })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(response.body.error).toMatchObject({
      code: 'METHOD_NOT_ALLOWED',
      details: { allow: ['POST'] },
    })
  })

  it('answers any method on an unknown API path with the API’s 404, never a page’s CSRF error', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      const response = await app.request(method, '/api/v1/no-such-thing', {
        token,
        ...(method === 'GET' ? {} : { body: {} }),
      })
      expect(response.status, method).toBe(404)
      expect(response.headers.get('content-type'), method).toMatch(/^application\/json/)
      expect(response.body.error.code, method).toBe('NOT_FOUND')
    }
    const outside = await app.request('PUT', '/api/v2/cards', { body: {} })
    expect(outside.body.error.code).toBe('NOT_FOUND')
  })

  it('answers a method HTTP routers do not know with 405 too', async () => {
    const response = await raw('PROPFIND', '/api/v1/enrollments', {})
    expect(response.status).toBe(405)
    expect(((await response.json()) as JsonBody).error.code).toBe('METHOD_NOT_ALLOWED')
  })
})
