import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { buildMerchant, type BuiltMerchant, apiKeyOf } from '../test/factories.ts'
import { startTestApp, type JsonBody, type TestApp } from '../test/test-app.ts'
import { loadConfig } from '../config.ts'
import { emailBranding } from '../email/render-email.ts'
import {
  fiveMegabytePng,
  notAPng,
  pngLogo,
  svgLogo,
  svgWithOnload,
  svgWithScript,
} from '../test/logo-files.ts'

// The stores API (/api/v1/stores) through the real app: partial edits with versions, the
// contrast rule, logos checked by their bytes and served by hash, and the storefront and emails
// showing a change at once.

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

const storeRow = (id: string) => db.knex('stores').where('id', id).first()
const logoCount = async () => Number((await db.knex('store_logos').count('* as n'))[0]!.n)

/** PUT a raw image as the store's logo. */
const putLogo = (storeId: string, version: number, bytes: Buffer, type: string) =>
  fetch(`${app.url}/api/v1/stores/${storeId}/logo?version=${version}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': type, accept: 'application/json' },
    body: bytes,
  }).then(async (response) => ({
    status: response.status,
    body: (await response.json()) as JsonBody,
  }))

describe('stores API', () => {
  it('lists the merchant’s stores with their details and version', async () => {
    const list = await app.request('GET', '/api/v1/stores', { token })
    expect(list.status).toBe(200)
    expect(list.body.data.map((s: { id: string }) => s.id).sort()).toEqual(
      [...merchant.storeIds].sort(),
    )
    expect(list.body.data[0]).toMatchObject({ phone: null, logo_url: null, version: 1 })
  })

  it('patches some fields, bumps the version and audits before and after', async () => {
    const [id] = merchant.storeIds
    const before = await storeRow(id)
    const patched = await app.request('PATCH', `/api/v1/stores/${id}`, {
      token,
      body: {
        version: before.version,
        phone: ' +352 26 12 34 56 ',
        description: { fr: 'Notre magasin du centre', en: 'Our town-centre shop' },
        brand_color: '#0E7490',
      },
    })
    expect(patched.status).toBe(200)
    expect(patched.body.data).toMatchObject({
      id,
      name: before.name,
      phone: '+352 26 12 34 56',
      description: { fr: 'Notre magasin du centre', en: 'Our town-centre shop' },
      brand_color: '#0e7490',
      version: before.version + 1,
    })
    const audit = await db
      .knex('audit_log')
      .where({ subject_id: id, action: 'store.update' })
      .orderBy('created_at', 'desc')
      .first()
    expect(audit).toMatchObject({ actor_type: 'api_key', subject_type: 'store' })
    expect(audit.data.before).toMatchObject({ phone: null, brand_color: before.brand_color })
    expect(audit.data.after).toMatchObject({ phone: '+352 26 12 34 56', brand_color: '#0e7490' })
    expect(audit.data.after).not.toHaveProperty('name')
  })

  it('refuses a stale version with EDIT_CONFLICT and changes nothing', async () => {
    const [id] = merchant.storeIds
    const current = await storeRow(id)
    const stale = await app.request('PATCH', `/api/v1/stores/${id}`, {
      token,
      body: { version: current.version - 1, city: 'Esch-sur-Alzette' },
    })
    expect(stale.status).toBe(409)
    expect(stale.body.error).toMatchObject({
      code: 'EDIT_CONFLICT',
      details: {
        subject: 'store',
        id,
        version: current.version - 1,
        current_version: current.version,
      },
    })
    expect((await storeRow(id)).city).toBe(current.city)
  })

  it('refuses a brand colour white text cannot be read on, and bad fields, one by one', async () => {
    const [id] = merchant.storeIds
    const current = await storeRow(id)
    const refused = await app.request('PATCH', `/api/v1/stores/${id}`, {
      token,
      body: {
        version: current.version,
        brand_color: '#ffcc00',
        phone: 'call us',
        timezone: 'Mars/Olympus',
        name: ' ',
      },
    })
    expect(refused.status).toBe(422)
    expect(refused.body.error.details.fields).toEqual(
      expect.arrayContaining([
        { path: 'body.brand_color', code: 'low_contrast' },
        { path: 'body.phone', code: 'invalid_phone' },
        { path: 'body.timezone', code: 'invalid_time_zone' },
        { path: 'body.name', code: 'too_small' },
      ]),
    )
    expect(await storeRow(id)).toMatchObject({
      version: current.version,
      brand_color: current.brand_color,
    })
  })

  it('refuses a store language without terms while the programme is live', async () => {
    const [id] = merchant.storeIds
    await db
      .knex('programmes')
      .where('id', merchant.programmeId)
      .update({ terms: { en: 'Terms' }, terms_url: null })
    const current = await storeRow(id)
    const refused = await app.request('PATCH', `/api/v1/stores/${id}`, {
      token,
      body: { version: current.version, default_language: 'lb' },
    })
    expect(refused.status).toBe(409)
    expect(refused.body.error).toMatchObject({
      code: 'PROGRAMME_TERMS_REQUIRED',
      details: { languages: ['lb'] },
    })
    expect((await storeRow(id)).default_language).toBe(current.default_language)
  })

  it('takes a PNG logo, stores it under its hash and serves it immutable with its type', async () => {
    const [id] = merchant.storeIds
    const current = await storeRow(id)
    const bytes = pngLogo('api')
    const saved = await putLogo(id, current.version, bytes, 'image/png')
    expect(saved.status).toBe(200)
    expect(saved.body.data.logo_url).toMatch(/^\/media\/logos\/[0-9a-f]{64}\.png$/)
    expect(saved.body.data.version).toBe(current.version + 1)
    const served = await fetch(`${app.url}${saved.body.data.logo_url}`)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true)
    // The same name with another extension is not the logo.
    const wrongType = await fetch(`${app.url}${saved.body.data.logo_url.replace('.png', '.svg')}`)
    expect(wrongType.status).toBe(404)
  })

  it('serves an SVG logo so that it cannot run script, even opened on its own', async () => {
    const [, id] = merchant.storeIds
    const current = await storeRow(id)
    const saved = await putLogo(id, current.version, svgLogo(), 'image/svg+xml')
    expect(saved.status).toBe(200)
    const served = await fetch(`${app.url}${saved.body.data.logo_url}`)
    expect(served.headers.get('content-type')).toBe('image/svg+xml')
    expect(served.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(served.headers.get('content-security-policy')).toContain('sandbox')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('refuses a fake PNG, SVGs with script, and a 5 MB file, each with its reason, storing nothing', async () => {
    const [id] = merchant.storeIds
    const current = await storeRow(id)
    const logos = await logoCount()
    const cases: [Buffer, string, string][] = [
      [notAPng(), 'image/png', 'not_image'],
      [svgWithScript(), 'image/svg+xml', 'svg_script'],
      [svgWithOnload(), 'image/svg+xml', 'svg_script'],
      [fiveMegabytePng(), 'image/png', 'too_large'],
      [pngLogo('x'), 'image/jpeg', 'type_mismatch'],
    ]
    for (const [bytes, type, code] of cases) {
      const refused = await putLogo(id, current.version, bytes, type)
      expect(refused.status, code).toBe(422)
      expect(refused.body.error.code).toBe('VALIDATION_FAILED')
      expect(refused.body.error.details.fields).toEqual([{ path: 'logo', code }])
    }
    expect(await logoCount()).toBe(logos)
    expect(await storeRow(id)).toMatchObject({
      version: current.version,
      logo_url: current.logo_url,
    })
  })

  it('refuses a logo from a stale version without storing it', async () => {
    const [id] = merchant.storeIds
    const current = await storeRow(id)
    const logos = await logoCount()
    const stale = await putLogo(id, current.version - 1, pngLogo('stale'), 'image/png')
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('EDIT_CONFLICT')
    expect(await logoCount()).toBe(logos)
  })

  it('removes a logo', async () => {
    const [, id] = merchant.storeIds
    const current = await storeRow(id)
    const removed = await app.request(
      'DELETE',
      `/api/v1/stores/${id}/logo?version=${current.version}`,
      { token },
    )
    expect(removed.status).toBe(200)
    expect(removed.body.data.logo_url).toBeNull()
    expect(await storeRow(id)).toMatchObject({ logo_url: null, logo_sha256: null })
  })

  it('shows new branding on the storefront and in emails right after the save', async () => {
    const [id] = merchant.storeIds
    const code = merchant.storeCodes[0].toLowerCase()
    // Warm the storefront's site cache with the old branding first.
    const before = await fetch(`${app.url}/s/${code}/join`)
    expect(before.status).toBe(200)
    const current = await storeRow(id)
    const saved = await putLogo(id, current.version, svgLogo('#7c2d12', 'NB'), 'image/svg+xml')
    const patched = await app.request('PATCH', `/api/v1/stores/${id}`, {
      token,
      body: { version: saved.body.data.version, brand_color: '#7c2d12', name: 'New Brand' },
    })
    expect(patched.status).toBe(200)
    const page = await (await fetch(`${app.url}/s/${code}/join`)).text()
    expect(page).toContain(`src="${saved.body.data.logo_url}"`)
    expect(page).toContain('--brand:#7c2d12')
    expect(page).toContain('New Brand')
    const config = loadConfig({
      ...process.env,
      BASE_URL: 'http://localhost',
      DATABASE_URL: undefined,
    })
    const branding = await emailBranding(db.knex, config, {
      merchant_id: merchant.merchantId,
      store_id: id,
    })
    expect(branding).toMatchObject({
      brandName: 'New Brand',
      brand_color: '#7c2d12',
      logo_url: `http://localhost${saved.body.data.logo_url}`,
    })
  })

  it('documents the stores routes, the raw logo body and examples in OpenAPI', async () => {
    const doc = (await app.request('GET', '/api/v1/openapi.json')).body
    const put = doc.paths['/stores/{id}/logo'].put
    expect(Object.keys(put.requestBody.content)).toEqual([
      'image/png',
      'image/jpeg',
      'image/svg+xml',
    ])
    expect(put.parameters.map((p: { name: string }) => p.name)).toEqual(['id', 'version'])
    const patch = doc.paths['/stores/{id}'].patch
    const answer = patch.responses['200'].content['application/json'].schema
    expect(answer.properties.data.examples[0]).toMatchObject({ code: 'FASHIONHUB', version: 4 })
    expect(Object.keys(patch.responses)).toEqual(
      expect.arrayContaining(['200', '404', '409', '422']),
    )
  })
})
