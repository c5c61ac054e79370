import { randomUUID } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../../shared/errors.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { buildCard, buildMerchant, type BuiltMerchant } from '../test/factories.ts'
import { startTestApp, type JsonBody, type TestApp } from '../test/test-app.ts'
import { createApiKey } from '../api-keys/api-keys.ts'
import { createKioskPairing } from '../kiosks/commands/create-kiosk.ts'
import { systemActor } from '../auth/actor.ts'

// A fuzz test generated from the OpenAPI document the API serves: every operation, with real
// credentials (a merchant API key, a paired kiosk's credential) so requests get past
// authentication to validation and the handlers, × malformed path parameters, queries and
// bodies. Every answer is below 500, and every error is the API's JSON with a known code.

type JsonSchema = {
  type?: string | string[]
  format?: string
  properties?: Record<string, JsonSchema>
  required?: string[]
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
}
type Parameter = { name: string; in: 'path' | 'query'; schema: JsonSchema }
type Operation = {
  operationId: string
  security: Record<string, unknown>[]
  parameters: Parameter[]
  requestBody?: { content: Record<string, { schema: JsonSchema } | undefined> }
}
type Case = {
  name: string
  path: string
  headers?: Record<string, string>
  body?: string | Buffer
}

const db = useTestDatabase()
let app: TestApp
let merchant: BuiltMerchant
let apiKey: string
let deviceCredential: string
let cardNumber: string

beforeAll(async () => {
  app = await startTestApp(db.knex)
  merchant = await buildMerchant(db.knex)
  const actor = systemActor(merchant.merchantId, 'fuzz')
  apiKey = (await createApiKey(db.knex, { merchantId: merchant.merchantId, name: 'fuzz', actor }))
    .token
  const pairing = await createKioskPairing(db.knex, {
    merchantId: merchant.merchantId,
    storeCode: merchant.storeCodes[0],
    name: 'Fuzz till',
    baseUrl: 'http://localhost',
    actor,
  })
  const paired = await app.request('POST', '/api/v1/kiosk/pair', {
    body: { code: pairing.code, app_version: '1.0.0' },
  })
  deviceCredential = paired.body.data.credential
  cardNumber = (await buildCard(db.knex, merchant)).number
})
afterAll(() => app.close())

const HUGE = 'x'.repeat(300_000)
const deeplyNested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)
const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)

/** A value a path parameter could have, so the body cases reach the handler. */
const plausible = (parameter: Parameter): string => {
  if (parameter.schema.format === 'uuid') return randomUUID()
  if (parameter.name === 'number') return cardNumber
  if (parameter.name === 'code') return merchant.storeCodes[0]
  return 'x1'
}

const typesOf = (schema: JsonSchema): string[] => {
  const types = [schema.type ?? [], ...(schema.anyOf ?? schema.oneOf ?? []).map(typesOf)].flat()
  return [...new Set(types as string[])]
}

/** Values of every JSON type but the ones the schema takes. */
const wrongTypes = (schema: JsonSchema): unknown[] => {
  const types = typesOf(schema)
  const candidates: [string, unknown][] = [
    ['string', 12345],
    ['number', 'not a number'],
    ['integer', 1.5],
    ['boolean', 'yes'],
    ['array', { not: 'an array' }],
    ['object', ['not', 'an', 'object']],
  ]
  const wrong = candidates.filter(([type]) => types.includes(type)).map(([, value]) => value)
  return types.includes('null') ? wrong : [...wrong, null]
}

const casesFor = (method: string, path: string, operation: Operation): Case[] => {
  const params = operation.parameters.filter((p) => p.in === 'path')
  const queries = operation.parameters.filter((p) => p.in === 'query')
  const pathWith = (values: Record<string, string>) =>
    path.replace(/\{([A-Za-z_]+)\}/g, (_, name: string) => values[name]!)
  const validPath = pathWith(Object.fromEntries(params.map((p) => [p.name, plausible(p)])))
  const cases: Case[] = []

  for (const parameter of params)
    for (const [name, value] of [
      ['NUL', 'a%00b'],
      ['huge', 'x'.repeat(6_000)],
      ['percent-garbage', '%E0%A4%A'],
      ['negative', '-1'],
      ['quote', "'%20OR%201=1--"],
      ['unicode', encodeURIComponent('Ω😀\u202e')],
      ['too-big-number', '9'.repeat(40)],
    ] as const) {
      const values = Object.fromEntries(params.map((p) => [p.name, plausible(p)]))
      values[parameter.name] = value
      cases.push({ name: `path ${parameter.name} ${name}`, path: pathWith(values) })
    }

  for (const parameter of queries)
    for (const [name, value] of [
      ['NUL', 'a%00b'],
      ['huge', 'x'.repeat(6_000)],
      ['wrong type', 'abc'],
      ['negative', '-99999999999999999999'],
      ['repeated', `1&${parameter.name}=2`],
      ['bracketed', `1&${parameter.name}[a]=b`],
      ['percent-garbage', '%E0%A4%A'],
    ] as const)
      cases.push({
        name: `query ${parameter.name} ${name}`,
        path: `${validPath}?${parameter.name}=${value}`,
      })

  const bodySchema = operation.requestBody?.content['application/json']?.schema
  const json = { 'content-type': 'application/json' }
  const bodyCases: [string, string | Buffer, Record<string, string>][] = [
    ['invalid JSON', '{"a": ', json],
    ['truncated string', '"abc', json],
    ['top-level array', '[1, 2, 3]', json],
    ['top-level string', '"text"', json],
    ['top-level null', 'null', json],
    ['empty', '', json],
    ['deeply nested array', deeplyNested(5_000), json],
    ['deeply nested object', deepObject(5_000), json],
    ['NUL in a key', '{"a\\u0000b": 1}', json],
    ['too large', `{"a": "${'x'.repeat(3_000_000)}"}`, json],
    ['wrong content type', '{"a": 1}', { 'content-type': 'text/plain' }],
    ['form body', 'a=1&b=2', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['unknown charset', '{"a": 1}', { 'content-type': 'application/json; charset=klingon' }],
    ['claims gzip', '{"a": 1}', { ...json, 'content-encoding': 'gzip' }],
    ['unsupported encoding', '{"a": 1}', { ...json, 'content-encoding': 'compress' }],
    [
      'gzip bomb-ish',
      gzipSync(Buffer.alloc(5_000_000, 32)),
      { ...json, 'content-encoding': 'gzip' },
    ],
  ]
  // A body that is not JSON (a store's logo): bytes that are not what their type says.
  for (const type of Object.keys(operation.requestBody?.content ?? {}))
    if (type !== 'application/json')
      bodyCases.push([`not a ${type}`, Buffer.from('<svg onload="x">'), { 'content-type': type }])
  for (const property of Object.keys(bodySchema?.properties ?? {})) {
    const schema = bodySchema!.properties![property]!
    for (const value of wrongTypes(schema))
      bodyCases.push([
        `${property} = ${JSON.stringify(value)}`,
        JSON.stringify({ [property]: value }),
        json,
      ])
    for (const [name, value] of [
      ['NUL', 'a\u0000b'],
      ['huge', HUGE],
      ['deep', JSON.parse(deeplyNested(200))],
    ] as const)
      bodyCases.push([`${property} ${name}`, JSON.stringify({ [property]: value }), json])
  }
  // GET has no body in HTTP clients; every other method gets every body case.
  if (method !== 'get')
    for (const [name, body, headers] of bodyCases)
      cases.push({ name: `body ${name}`, path: validPath, headers, body })
  return cases
}

const credentialFor = (operation: Operation): string | undefined => {
  const scheme = Object.keys(operation.security[0] ?? {})[0]
  if (scheme === 'apiKey') return apiKey
  if (scheme === 'device') return deviceCredential
  return undefined
}

describe('fuzzing every operation of the OpenAPI document', () => {
  it('never answers 5xx, and every error is JSON with a stable code', async () => {
    const document = (await app.request('GET', '/api/v1/openapi.json')).body as {
      paths: Record<string, Record<string, Operation>>
    }
    const failures: string[] = []
    let requests = 0
    const codes = new Set<string>()
    for (const [path, item] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(item)) {
        const credential = credentialFor(operation)
        const cases = casesFor(method, path, operation)
        // Kept sequential: the database and the rate limits see one client, as in real use.
        for (const fuzz of cases) {
          const response = await fetch(`${app.url}/api/v1${fuzz.path}`, {
            method: method.toUpperCase(),
            headers: {
              accept: 'application/json',
              ...(credential ? { authorization: `Bearer ${credential}` } : {}),
              ...fuzz.headers,
            },
            body: fuzz.body,
          })
          requests++
          const text = await response.text()
          const label = `${method.toUpperCase()} ${path} [${fuzz.name}] → ${response.status}`
          if (response.status >= 500) {
            failures.push(`${label} ${text.slice(0, 200)}`)
            continue
          }
          if (response.status < 400) continue
          let body: JsonBody
          try {
            body = JSON.parse(text)
          } catch {
            failures.push(`${label}: not JSON: ${text.slice(0, 120)}`)
            continue
          }
          if (!ERROR_CODES.includes(body?.error?.code)) failures.push(`${label}: no stable code`)
          else codes.add(body.error.code)
        }
      }
    expect(failures).toEqual([])
    expect(requests).toBeGreaterThan(500)
    // The cases reached validation and the handlers, not only authentication.
    expect([...codes]).toEqual(expect.arrayContaining(['VALIDATION_FAILED', 'INVALID_BODY']))
  }, 120_000)
})
