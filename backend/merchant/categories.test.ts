import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES, type Language } from '../../shared/languages.ts'
import { translator } from '../i18n/i18n.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { DEMO, seedDemoData } from '../seed/demo-seed.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { createMerchantUser } from '../accounts/commands/create-merchant-user.ts'
import { signInDemoOwner, signInMerchant } from '../test/merchant-sign-in.ts'
import { rawKeysIn } from '../test/raw-keys.ts'

// The Categories page through the real app: every language, the owner's new category and
// edits (refused with the typed values, stale), a category with entries that can only be
// deactivated, and a manager of one store who manages only their store's categories.

const db = useTestDatabase()
let app: TestApp

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())

const PASSWORD = 'a long manager password'

const logIn = (email: string, password: string, language?: Language) =>
  signInMerchant(app.url, email, password, language)

const owner = (language?: Language) => signInDemoOwner(app.url, language)

const outletManager = async () => {
  const email = `outlet-${Date.now()}@fashion-group.lu`
  await createMerchantUser(db.knex, {
    merchantId: DEMO.fashion.merchantId,
    email,
    name: 'Olga Outlet',
    role: 'manager',
    storeIds: [DEMO.fashion.outletStoreId],
    password: PASSWORD,
    passwordCost: 10,
    preferredLanguage: 'en',
  })
  return logIn(email, PASSWORD)
}

const names = (name: Record<string, string>) =>
  Object.fromEntries(Object.entries(name).map(([lng, text]) => [`name_${lng}`, text]))

const category = (code: string) => db.knex('transaction_categories').where({ code }).first()

/** The hidden version of a category's form on the page. */
const versionOf = (html: string, id: string) =>
  new RegExp(`action="/merchant/categories/${id}"[\\s\\S]*?name="version" value="(\\d+)"`).exec(
    html,
  )![1]!

describe('the Categories page', () => {
  it('renders in every language with the right <html lang> and no raw key', async () => {
    const b = await owner()
    for (const language of LANGUAGES) {
      await b.post('/merchant/language', { language, next: '/merchant/categories' })
      const page = await b.get('/merchant/categories')
      expect(page.status).toBe(200)
      expect(page.text).toContain(`<html lang="${language}">`)
      const t = translator(language, 'merchant')
      expect(page.text).toContain(t('categories.add_title'))
      expect(page.text).toContain(`>${t('nav.categories')}<`)
      expect(page.text).toContain('data-category="shoes"')
      expect(rawKeysIn(page.text)).toEqual([])
    }
  })

  it('adds a category for one store, refusing a bad code and a taken one with the typed values', async () => {
    const b = await owner('fr')
    const t = translator('fr', 'merchant')
    const bad = await b.post('/merchant/categories', {
      code: 'Bad Code',
      store_id: '',
      name_fr: 'Sacs',
    })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain(t('categories.errors.code'))
    expect(bad.text).toContain('value="Bad Code"')
    expect(bad.text).toContain('value="Sacs"')
    const taken = await b.post('/merchant/categories', {
      code: 'shoes',
      store_id: '',
      name_fr: 'Encore',
    })
    expect(taken.status).toBe(422)
    expect(taken.text).toContain(t('categories.errors.code_taken'))
    const created = await b.post('/merchant/categories', {
      code: 'bags',
      store_id: DEMO.fashion.hubStoreId,
      name_fr: 'Sacs',
      name_en: 'Bags',
    })
    expect(created.status).toBe(303)
    expect(created.headers.get('location')).toBe('/merchant/categories?done=created')
    const row = await category('bags')
    expect(row).toMatchObject({
      store_id: DEMO.fashion.hubStoreId,
      name: { fr: 'Sacs', en: 'Bags' },
      active: true,
      version: 1,
    })
    const audit = await db
      .knex('audit_log')
      .where({ subject_id: row.id, action: 'category.create' })
      .first()
    expect(audit).toMatchObject({
      actor_type: 'merchant_user',
      merchant_id: DEMO.fashion.merchantId,
    })
    expect(audit.data.before).toBeNull()
    expect(audit.data.after).toMatchObject({ code: 'bags', name: { fr: 'Sacs', en: 'Bags' } })
  })

  it('deactivates a category, and refuses a stale form with EDIT_CONFLICT', async () => {
    const shoes = await category('shoes')
    const b = await owner()
    const page = await b.get('/merchant/categories')
    const version = versionOf(page.text, shoes.id)
    const other = await owner()
    const saved = await other.post(`/merchant/categories/${shoes.id}`, {
      version,
      ...names(shoes.name),
    })
    expect(saved.status).toBe(303)
    expect(await category('shoes')).toMatchObject({ active: false, version: shoes.version + 1 })
    const audit = await db
      .knex('audit_log')
      .where({ subject_id: shoes.id, action: 'category.update' })
      .first()
    expect(audit.data).toEqual({ before: { active: true }, after: { active: false } })

    const stale = await b.post(`/merchant/categories/${shoes.id}`, {
      version,
      name_en: 'Footwear',
      active: 'yes',
    })
    expect(stale.status).toBe(409)
    expect(stale.text).toContain(errorMessage('EDIT_CONFLICT', {}, 'en').slice(0, 30))
    expect(stale.text).toContain('value="Footwear"')
    expect(await category('shoes')).toMatchObject({ active: false, name: { en: 'Shoes' } })

    const blank = await b.post(`/merchant/categories/${shoes.id}`, {
      version: String(shoes.version + 1),
    })
    expect(blank.status).toBe(422)
    expect(blank.text).toContain(translator('en', 'merchant')('categories.errors.name'))
  })

  it("lets a store manager manage only their store's categories, never merchant-wide ones", async () => {
    const b = await outletManager()
    const page = await b.get('/merchant/categories')
    expect(page.status).toBe(200)
    const t = translator('en', 'merchant')
    // Merchant-wide categories are shown read-only; the hub's are not shown at all.
    expect(page.text).toContain('data-category="clothing"')
    expect(page.text).toContain(t('categories.read_only'))
    expect(page.text).not.toContain('data-category="bags"')
    expect(page.text).not.toContain(`<option value="">${t('categories.all_stores')}</option>`)

    const clothing = await category('clothing')
    const refused = await b.post(`/merchant/categories/${clothing.id}`, {
      version: String(clothing.version),
      name_en: 'Hijacked',
    })
    expect(refused.status).toBe(404)
    const wide = await b.post('/merchant/categories', { code: 'wide', store_id: '', name_en: 'W' })
    expect(wide.status).toBe(404)
    const hub = await b.post('/merchant/categories', {
      code: 'hub-only',
      store_id: DEMO.fashion.hubStoreId,
      name_en: 'H',
    })
    expect(hub.status).toBe(404)
    expect(await db.knex('transaction_categories').whereIn('code', ['wide', 'hub-only'])).toEqual(
      [],
    )
    const bags = await category('bags')
    expect(
      (await b.post(`/merchant/categories/${bags.id}`, { version: '1', name_en: 'x' })).status,
    ).toBe(404)

    const mine = await b.post('/merchant/categories', {
      code: 'outlet-deals',
      store_id: DEMO.fashion.outletStoreId,
      name_en: 'Outlet deals',
    })
    expect(mine.status).toBe(303)
    const deals = await category('outlet-deals')
    const renamed = await b.post(`/merchant/categories/${deals.id}`, {
      version: '1',
      name_en: 'Outlet bargains',
      active: 'yes',
    })
    expect(renamed.status).toBe(303)
    expect(await category('outlet-deals')).toMatchObject({
      name: { en: 'Outlet bargains' },
      version: 2,
    })
  })
})
