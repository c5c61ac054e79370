import { rawKeysIn } from '../test/raw-keys.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES, type Language } from '../../shared/languages.ts'
import { translator } from '../i18n/i18n.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { DEMO, seedDemoData } from '../seed/demo-seed.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { createMerchantUser } from '../accounts/commands/create-merchant-user.ts'
import { TestBrowser } from '../test/test-web-app.ts'
import { signInDemoOwner, signInMerchant } from '../test/merchant-sign-in.ts'
import {
  fiveMegabytePng,
  notAPng,
  pngLogo,
  svgWithOnload,
  svgWithScript,
} from '../test/logo-files.ts'

// The Stores pages through the real app: every language, the owner's save with a logo (and the
// storefront showing it at once), refusals with the typed values and a message per field
// (contrast with its ratio, each bad logo), a stale form, and a store manager who reaches only
// their own store.

const db = useTestDatabase()
let app: TestApp

const HUB = DEMO.fashion.hubStoreId
const OUTLET = DEMO.fashion.outletStoreId
const PASSWORD = 'a long manager password'

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())

const logIn = (email: string, password: string, language?: Language) =>
  signInMerchant(app.url, email, password, language)

const owner = (language?: Language) => signInDemoOwner(app.url, language)

/** Every field of the store form as the page shows it (inputs, textareas, selected options). */
const formValues = (html: string) => {
  const form = /<form[^>]*encType="multipart\/form-data"[^>]*>([\s\S]*?)<\/form>/.exec(html)![1]!
  const values: Record<string, string> = {}
  for (const m of form.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g))
    values[m[1]!] = m[2]!.replace(/&amp;/g, '&')
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g))
    values[m[1]!] = m[2]!.replace(/&#x27;/g, "'").replace(/&amp;/g, '&')
  for (const m of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g))
    values[m[1]!] = /<option[^>]*value="([^"]+)"[^>]*selected/.exec(m[2]!)![1]!
  delete values._csrf
  delete values.remove_logo
  return values
}

const storeRow = (id: string) => db.knex('stores').where('id', id).first()
const logoCount = async () => Number((await db.knex('store_logos').count('* as n'))[0]!.n)

describe('the Stores pages', () => {
  it('render in every language with the right <html lang> and no raw key', async () => {
    const b = await owner()
    for (const language of LANGUAGES) {
      const t = translator(language, 'merchant')
      await b.post('/merchant/language', { language, next: '/merchant/stores' })
      for (const path of ['/merchant/stores', `/merchant/stores/${HUB}`]) {
        const page = await b.get(path)
        expect(page.status, path).toBe(200)
        expect(page.text).toContain(`<html lang="${language}">`)
        expect(page.text).toContain(t('nav.stores'))
        expect(rawKeysIn(page.text)).toEqual([])
      }
    }
  })

  it('saves the owner’s edit with a new logo, audited, and the storefront shows it at once', async () => {
    const b = await owner('fr')
    // The storefront is seen first, so its site cache holds the old branding.
    expect((await fetch(`${app.url}/s/fashionhub/join`)).status).toBe(200)
    const values = formValues((await b.get(`/merchant/stores/${HUB}`)).text)
    const before = await storeRow(HUB)
    const logo = pngLogo('fashionhub')
    const saved = await b.postMultipart(
      `/merchant/stores/${HUB}`,
      {
        ...values,
        phone: '+352 26 12 34 56',
        description_fr: 'La mode pour toute la famille, Grand-Rue.',
        brand_color: '#7C2D12',
      },
      { field: 'logo', name: 'logo.png', type: 'image/png', bytes: logo },
    )
    expect(saved.status).toBe(303)
    expect(saved.headers.get('location')).toBe(`/merchant/stores?saved=${HUB}`)
    const after = await storeRow(HUB)
    expect(after).toMatchObject({
      phone: '+352 26 12 34 56',
      brand_color: '#7c2d12',
      version: before.version + 1,
    })
    expect(after.description.fr).toBe('La mode pour toute la famille, Grand-Rue.')
    expect(after.description.de).toBe(before.description.de)
    expect(after.logo_url).toMatch(/^\/media\/logos\/[0-9a-f]{64}\.png$/)
    const audit = await db
      .knex('audit_log')
      .where({ subject_id: HUB, action: 'store.update' })
      .orderBy('created_at', 'desc')
      .first()
    expect(audit.actor_type).toBe('merchant_user')
    expect(audit.data.before).toMatchObject({ phone: null, logo_url: null })
    expect(audit.data.after).toMatchObject({ phone: '+352 26 12 34 56', logo_url: after.logo_url })
    const list = await b.get(`/merchant/stores?saved=${HUB}`)
    expect(list.text).toContain(
      translator('fr', 'merchant')('store_settings.saved', { store: 'FashionHub' }),
    )
    const storefront = await (await fetch(`${app.url}/s/fashionhub/join`)).text()
    expect(storefront).toContain(`src="${after.logo_url}"`)
    expect(storefront).toContain('--brand:#7c2d12')
    const served = await fetch(`${app.url}${after.logo_url}`)
    expect(Buffer.from(await served.arrayBuffer()).equals(logo)).toBe(true)

    // Saved again with the file field left empty (as a browser sends it): the logo stays.
    const again = formValues((await b.get(`/merchant/stores/${HUB}`)).text)
    const kept = await b.postMultipart(
      `/merchant/stores/${HUB}`,
      { ...again, city: 'Luxembourg-Ville' },
      { field: 'logo', name: '', type: 'application/octet-stream', bytes: Buffer.alloc(0) },
    )
    expect(kept.status).toBe(303)
    expect(await storeRow(HUB)).toMatchObject({
      city: 'Luxembourg-Ville',
      logo_url: after.logo_url,
    })
  })

  it('shows bad input again with the typed values, the contrast ratio and a message per field', async () => {
    const b = await owner('de')
    const values = formValues((await b.get(`/merchant/stores/${OUTLET}`)).text)
    const before = await storeRow(OUTLET)
    const refused = await b.postMultipart(`/merchant/stores/${OUTLET}`, {
      ...values,
      brand_color: '#ffcc00',
      phone: 'ruf an',
      city: 'Esch-Uelzecht',
    })
    expect(refused.status).toBe(422)
    const t = translator('de', 'merchant')
    expect(refused.text).toContain(t('store_settings.errors.summary'))
    expect(refused.text).toContain(t('store_settings.errors.phone'))
    // White on #ffcc00 is 1.51:1, written the German way.
    expect(refused.text).toContain(
      t('store_settings.errors.brand_color_contrast', {
        colour: '#ffcc00',
        ratio: '1,51',
        minimum: '4,5',
      }),
    )
    expect(refused.text).toContain('data-contrast="fail"')
    expect(refused.text).toContain('value="Esch-Uelzecht"')
    expect(refused.text).toContain('value="ruf an"')
    expect(await storeRow(OUTLET)).toMatchObject({ version: before.version, city: before.city })
  })

  it('refuses a fake PNG, SVGs with <script> or onload=, and a 5 MB file, each with its message, storing nothing', async () => {
    const b = await owner()
    const values = formValues((await b.get(`/merchant/stores/${OUTLET}`)).text)
    const before = await storeRow(OUTLET)
    const logos = await logoCount()
    const t = translator('en', 'merchant')
    const files = [
      { name: 'logo.png', type: 'image/png', bytes: notAPng(), message: 'logo_not_image' as const },
      {
        name: 'logo.svg',
        type: 'image/svg+xml',
        bytes: svgWithScript(),
        message: 'logo_svg_script' as const,
      },
      {
        name: 'logo.svg',
        type: 'image/svg+xml',
        bytes: svgWithOnload(),
        message: 'logo_svg_script' as const,
      },
      {
        name: 'big.png',
        type: 'image/png',
        bytes: fiveMegabytePng(),
        message: 'logo_too_large' as const,
      },
    ]
    for (const file of files) {
      const refused = await b.postMultipart(`/merchant/stores/${OUTLET}`, values, {
        field: 'logo',
        ...file,
      })
      expect(refused.status, file.message).toBe(422)
      expect(refused.text).toContain(t(`store_settings.errors.${file.message}`))
      expect(refused.text).toContain('id="field-logo-error"')
    }
    expect(await logoCount()).toBe(logos)
    expect(await storeRow(OUTLET)).toMatchObject({ version: before.version, logo_url: null })
  })

  it('refuses a stale form with EDIT_CONFLICT, keeping what was typed', async () => {
    const b = await owner()
    const values = formValues((await b.get(`/merchant/stores/${OUTLET}`)).text)
    const other = await owner()
    const first = formValues((await other.get(`/merchant/stores/${OUTLET}`)).text)
    expect(
      (await other.postMultipart(`/merchant/stores/${OUTLET}`, { ...first, city: 'Belval' }))
        .status,
    ).toBe(303)
    const stale = await b.postMultipart(`/merchant/stores/${OUTLET}`, {
      ...values,
      city: 'Dudelange',
    })
    expect(stale.status).toBe(409)
    expect(stale.text).toContain(errorMessage('EDIT_CONFLICT', {}, 'en').slice(0, 30))
    expect(stale.text).toContain('value="Dudelange"')
    expect((await storeRow(OUTLET)).city).toBe('Belval')
  })

  it('lets a store manager see and edit their store only: another store is not found', async () => {
    await createMerchantUser(db.knex, {
      merchantId: DEMO.fashion.merchantId,
      email: 'outlet.manager@stores.test',
      name: 'Outlet Manager',
      role: 'manager',
      storeIds: [OUTLET],
      password: PASSWORD,
      passwordCost: 10,
      preferredLanguage: 'en',
    })
    const b = await logIn('outlet.manager@stores.test', PASSWORD)
    const list = await b.get('/merchant/stores')
    expect(list.text).toContain('FashionOutlet')
    expect(list.text).not.toContain(`/merchant/stores/${HUB}`)
    expect((await b.get(`/merchant/stores/${HUB}`)).status).toBe(404)
    const hub = await storeRow(HUB)
    const values = formValues((await b.get(`/merchant/stores/${OUTLET}`)).text)
    const intrusion = await b.postMultipart(`/merchant/stores/${HUB}`, {
      ...values,
      version: String(hub.version),
      name: 'Taken over',
    })
    expect(intrusion.status).toBe(404)
    expect((await storeRow(HUB)).name).toBe(hub.name)
    const own = await b.postMultipart(`/merchant/stores/${OUTLET}`, {
      ...values,
      phone: '+352 55 66 77',
    })
    expect(own.status).toBe(303)
    expect((await storeRow(OUTLET)).phone).toBe('+352 55 66 77')
  })

  it('reads no upload without a merchant session: refused, nothing stored', async () => {
    const b = new TestBrowser(app.url)
    await b.get('/merchant/login')
    const logos = await logoCount()
    const anonymous = await b.postMultipart(
      `/merchant/stores/${HUB}`,
      { name: 'x' },
      { field: 'logo', name: 'logo.png', type: 'image/png', bytes: pngLogo('anonymous') },
    )
    // Not parsed, so no form token is read: the CSRF check refuses it.
    expect(anonymous.status).toBe(403)
    expect(await logoCount()).toBe(logos)
    expect((await storeRow(HUB)).name).toBe('FashionHub')
  })
})
