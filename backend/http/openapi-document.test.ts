import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'

// The OpenAPI document the API serves, checked against the official OpenAPI 3.1 schema
// (deploy/schema/README.md), and its Swagger UI page at /api/v1/docs.

// The schema's Schema Objects are `{"$dynamicRef": "#meta"}`, an extension point that resolves
// to its own `$defs/schema` unless a dialect overrides it; ajv resolves that dynamic reference to
// the document's root instead (and then refuses every schema's keywords), so it is given the
// plain reference it stands for.
const OPENAPI_31_SCHEMA = JSON.parse(
  readFileSync(
    new URL('../../deploy/schema/openapi-3.1-schema.json', import.meta.url),
    'utf8',
  ).replaceAll('"$dynamicRef": "#meta"', '"$ref": "#/$defs/schema"'),
) as { $id: string }

const db = useTestDatabase()
let app: TestApp
let document: Record<string, unknown>

beforeAll(async () => {
  app = await startTestApp(db.knex)
  document = (await app.request('GET', '/api/v1/openapi.json')).body
})
afterAll(() => app.close())

const newAjv = () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  addFormats.default(ajv)
  // A media type range (`application/json`, `text/*`): not one of ajv-formats' formats.
  ajv.addFormat('media-range', /^[\w.+-]+\/(\*|[\w.+-]+)(\s*;.*)?$/)
  return ajv
}

/** Every JSON Schema in the document: parameters', request bodies' and responses'. */
const schemasOf = (doc: Record<string, unknown>) => {
  const found: { where: string; schema: object }[] = []
  const paths = doc.paths as Record<string, Record<string, Record<string, unknown>>>
  for (const [path, item] of Object.entries(paths))
    for (const [method, operation] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`
      for (const parameter of (operation.parameters ?? []) as { name: string; schema: object }[])
        found.push({ where: `${where} ${parameter.name}`, schema: parameter.schema })
      const body = operation.requestBody as
        { content: Record<string, { schema: object }> } | undefined
      // Every media type of a body (a store's logo is an image, not JSON).
      for (const [type, media] of Object.entries(body?.content ?? {}))
        found.push({ where: `${where} body ${type}`, schema: media.schema })
      for (const [status, response] of Object.entries(
        operation.responses as Record<string, { content?: Record<string, { schema: object }> }>,
      ))
        // Every media type of a response (a CSV export is text/csv, not JSON).
        for (const [type, media] of Object.entries(response.content ?? {}))
          found.push({ where: `${where} ${status} ${type}`, schema: media.schema })
    }
  return found
}

describe('the OpenAPI document', () => {
  it('is valid against the OpenAPI 3.1 schema', () => {
    expect(OPENAPI_31_SCHEMA.$id).toBe('https://spec.openapis.org/oas/3.1/schema/2022-10-07')
    const validate = newAjv().compile(OPENAPI_31_SCHEMA)
    const valid = validate(document)
    expect(validate.errors ?? []).toEqual([])
    expect(valid).toBe(true)
  })

  it('fails that validation when the document is broken (the check can fail)', () => {
    const validate = newAjv().compile(OPENAPI_31_SCHEMA)
    const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>
    const [path, item] = Object.entries(paths)[0]!
    const [method, operation] = Object.entries(item)[0]!
    const broken = {
      ...document,
      paths: { ...paths, [path]: { ...item, [method]: { ...operation, responses: 'none' } } },
    }
    expect(validate(broken)).toBe(false)
    expect(validate({ ...document, openapi: '3.0.3' })).toBe(false)
  })

  it('holds only schemas that are valid JSON Schema 2020-12', () => {
    const ajv = newAjv()
    const schemas = schemasOf(document)
    expect(schemas.length).toBeGreaterThan(20)
    for (const { where, schema } of schemas) expect(() => ajv.compile(schema), where).not.toThrow()
  })
})

describe('/api/v1/docs', () => {
  it('shows the document in Swagger UI from versioned files, with no inline script', async () => {
    const page = await fetch(`${app.url}/api/v1/docs`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await page.text()
    expect(html).toContain('data-openapi="/api/v1/openapi.json"')
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    expect(scripts.length).toBe(2)
    for (const [, attributes, content] of scripts) {
      expect(attributes).toMatch(/\ssrc="[^"]+"/)
      expect(content!.trim()).toBe('')
    }
    expect(html).not.toMatch(/\son[a-z]+=|style="|javascript:/i)
    const version = (
      JSON.parse(
        readFileSync(
          new URL('../../node_modules/swagger-ui-dist/package.json', import.meta.url),
          'utf8',
        ),
      ) as { version: string }
    ).version
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!)
    for (const source of sources) {
      const asset = await fetch(`${app.url}${source}`)
      expect(asset.status, source).toBe(200)
      if (source.includes('/swagger-ui-')) {
        expect(source, source).toContain(`/api/v1/docs/swagger-ui-${version}/`)
        expect(asset.headers.get('cache-control'), source).toBe(
          'public, max-age=31536000, immutable',
        )
      }
    }
    const init = await fetch(`${app.url}/api/v1/docs/init.js`)
    expect(init.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(await init.text()).toContain('SwaggerUIBundle(')
  })

  it('answers a file Swagger UI does not have, or a path outside its folder, with the API’s 404', async () => {
    const version = document.info as { version: string }
    expect(version.version).toBe('0.0.0-test')
    const folder = (await (await fetch(`${app.url}/api/v1/docs`)).text()).match(
      /\/api\/v1\/docs\/swagger-ui-[^/]+\//,
    )![0]
    for (const path of [`${folder}nothing.js`, `${folder}..%2Fpackage.json`, `${folder}%2e%2e/x`]) {
      const response = await app.request('GET', path)
      expect(response.status, path).toBe(404)
      expect(response.body.error.code, path).toBe('NOT_FOUND')
    }
  })
})
