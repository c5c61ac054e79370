import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES, type Language } from '../../shared/languages.ts'
import { translator } from '../i18n/i18n.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { DEMO, seedDemoData } from '../seed/demo-seed.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { createMerchantUser } from '../accounts/commands/create-merchant-user.ts'
import { signInDemoOwner, signInMerchant } from '../test/merchant-sign-in.ts'
import { emailLanguage } from '../email/queue-email.ts'
import bcrypt from 'bcrypt'
import { rawKeysIn } from '../test/raw-keys.ts'

// The Settings page through the real app: the owner's page in every language, a save (audited,
// the other kiosk rules kept), refusals with the typed values, a stale form, a manager refused;
// a new PIN length for new PINs only; the email language used for the merchant's emails.

const db = useTestDatabase()
let app: TestApp

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())

const logIn = (email: string, password: string, language?: Language) =>
  signInMerchant(app.url, email, password, language)

const owner = (language?: Language) => signInDemoOwner(app.url, language)

const merchantRow = () => db.knex('merchants').where('id', DEMO.fashion.merchantId).first()

const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!

describe('the Settings page', () => {
  it('renders in every language with the right <html lang> and no raw key', async () => {
    const b = await owner()
    for (const language of LANGUAGES) {
      await b.post('/merchant/language', { language, next: '/merchant/settings' })
      const page = await b.get('/merchant/settings')
      expect(page.status).toBe(200)
      expect(page.text).toContain(`<html lang="${language}">`)
      const t = translator(language, 'merchant')
      expect(page.text).toContain(t('settings.form_title'))
      expect(page.text).toContain(`>${t('nav.settings')}<`)
      expect(rawKeysIn(page.text)).toEqual([])
    }
  })

  it("saves the owner's settings with an audit row, keeping the other kiosk rules", async () => {
    await db
      .knex('merchants')
      .where('id', DEMO.fashion.merchantId)
      .update({ settings: { kiosk: { max_offline_redemption_points: 77 } } })
    const b = await owner('fr')
    const before = await merchantRow()
    const page = await b.get('/merchant/settings')
    const saved = await b.post('/merchant/settings', {
      version: versionOf(page.text),
      pin_length: '4',
      idle_lock_minutes: '3',
      default_language: 'de',
    })
    expect(saved.status).toBe(303)
    expect(saved.headers.get('location')).toBe('/merchant/settings?done=saved')
    const after = await merchantRow()
    expect(after).toMatchObject({
      default_language: 'de',
      version: before.version + 1,
      settings: {
        kiosk: { pin_length: 4, idle_lock_minutes: 3, max_offline_redemption_points: 77 },
      },
    })
    const audit = await db
      .knex('audit_log')
      .where({ subject_id: DEMO.fashion.merchantId, action: 'merchant.settings.update' })
      .first()
    expect(audit.actor_type).toBe('merchant_user')
    expect(audit.data).toEqual({
      before: { pin_length: 6, idle_lock_minutes: 5, default_language: before.default_language },
      after: { pin_length: 4, idle_lock_minutes: 3, default_language: 'de' },
    })
    const shown = await b.get('/merchant/settings?done=saved')
    expect(shown.text).toContain(translator('fr', 'merchant')('settings.saved'))
  })

  it('shows bad input again with the typed values and a message per field, saving nothing', async () => {
    const b = await owner('fr')
    const before = await merchantRow()
    const refused = await b.post('/merchant/settings', {
      version: String(before.version),
      pin_length: '9',
      idle_lock_minutes: '0',
      default_language: 'xx',
    })
    expect(refused.status).toBe(422)
    const t = translator('fr', 'merchant')
    for (const key of ['pin_length', 'idle_lock_minutes', 'default_language'] as const)
      expect(refused.text).toContain(t(`settings.errors.${key}`))
    expect(refused.text).toContain('name="idle_lock_minutes" value="0"')
    expect(await merchantRow()).toMatchObject({ version: before.version })
  })

  it('refuses a stale form with EDIT_CONFLICT, keeping the first save', async () => {
    const b = await owner()
    const other = await owner()
    const version = versionOf((await b.get('/merchant/settings')).text)
    const form = { version, pin_length: '6', default_language: 'fr' }
    expect(
      (await other.post('/merchant/settings', { ...form, idle_lock_minutes: '7' })).status,
    ).toBe(303)
    const stale = await b.post('/merchant/settings', { ...form, idle_lock_minutes: '9' })
    expect(stale.status).toBe(409)
    expect(stale.text).toContain(errorMessage('EDIT_CONFLICT', {}, 'en').slice(0, 30))
    expect(stale.text).toContain('value="9"')
    expect((await merchantRow()).settings.kiosk.idle_lock_minutes).toBe(7)
  })

  it('is the owner’s alone: a manager of the whole merchant is refused and sees no link', async () => {
    await createMerchantUser(db.knex, {
      merchantId: DEMO.fashion.merchantId,
      email: 'wide-manager@fashion-group.lu',
      name: 'Wim Wide',
      role: 'manager',
      password: 'a long manager password',
      passwordCost: 10,
      preferredLanguage: 'en',
    })
    const b = await logIn('wide-manager@fashion-group.lu', 'a long manager password')
    expect((await b.get('/merchant/settings')).status).toBe(403)
    const post = await b.post('/merchant/settings', {
      version: '1',
      pin_length: '4',
      idle_lock_minutes: '1',
      default_language: 'en',
    })
    expect(post.status).toBe(403)
    expect((await b.get('/merchant')).text).not.toContain('href="/merchant/settings"')
  })

  it('asks new PINs for the new length while PINs already given keep their hash', async () => {
    const b = await owner()
    const version = versionOf((await b.get('/merchant/settings')).text)
    await b.post('/merchant/settings', {
      version,
      pin_length: '4',
      idle_lock_minutes: '5',
      default_language: 'fr',
    })
    const cashier = await db.knex('staff').where('id', DEMO.fashion.staffId).first()
    expect(await bcrypt.compare('482913', cashier.pin_hash)).toBe(true)
    const page = await b.get('/merchant/settings')
    expect(page.text).toContain(
      translator('en', 'merchant')('settings.pin_length_hint', { length: 4 }).slice(0, 40),
    )
    const sixDigits = await b.post('/merchant/staff', {
      name: 'Six Digits',
      stores: 'FASHIONHUB',
      pin: '582910',
    })
    expect(sixDigits.status).toBe(422)
    const fourDigits = await b.post('/merchant/staff', {
      name: 'Four Digits',
      stores: 'FASHIONHUB',
      pin: '5829',
    })
    expect(fourDigits.status).toBe(303)
  })

  it("sends the merchant's emails without a store in its language, and invites in it first", async () => {
    const b = await owner()
    const version = versionOf((await b.get('/merchant/settings')).text)
    await b.post('/merchant/settings', {
      version,
      pin_length: '6',
      idle_lock_minutes: '5',
      default_language: 'lb',
    })
    const language = await db.knex.transaction((trx) =>
      emailLanguage(trx, { language: null, merchantId: DEMO.fashion.merchantId, storeId: null }),
    )
    expect(language).toBe('lb')
    const team = await b.get('/merchant/team')
    expect(team.text).toMatch(
      /<option[^>]*value="lb"[^>]*selected=""|<option selected=""[^>]*value="lb"/,
    )
  })

  it("saves the managers' adjustment limit beside the kiosk rules, refusing a negative one", async () => {
    const b = await owner()
    const page = await b.get('/merchant/settings')
    expect(page.text).toContain('name="manager_adjustment_limit" value="100"')
    const fields = {
      version: versionOf(page.text),
      pin_length: '6',
      idle_lock_minutes: '5',
      default_language: 'en',
    }
    const refused = await b.post('/merchant/settings', {
      ...fields,
      manager_adjustment_limit: '-1',
    })
    expect(refused.status).toBe(422)
    expect(refused.text).toContain(
      translator('en', 'merchant')('settings.errors.manager_adjustment_limit'),
    )
    const saved = await b.post('/merchant/settings', { ...fields, manager_adjustment_limit: '25' })
    expect(saved.status).toBe(303)
    const row = await merchantRow()
    expect(row.settings.customers).toEqual({ manager_adjustment_limit: 25 })
    expect(row.settings.kiosk).toMatchObject({ pin_length: 6 })
    const audit = await db
      .knex('audit_log')
      .where({ subject_id: DEMO.fashion.merchantId, action: 'merchant.settings.update' })
      .orderBy('created_at', 'desc')
      .first()
    expect(audit.data).toMatchObject({
      before: { manager_adjustment_limit: 100 },
      after: { manager_adjustment_limit: 25 },
    })
  })

  it('saves the alert thresholds and opening hours in merchants.settings.alerts, refusing bad ones', async () => {
    const b = await owner()
    const t = translator('en', 'merchant')
    const page = await b.get('/merchant/settings')
    expect(page.text).toContain('name="alert_kiosk_silent_minutes" value="30"')
    expect(page.text).toContain('name="alert_opening_from" value="08:00"')
    const fields = {
      version: versionOf(page.text),
      pin_length: '6',
      idle_lock_minutes: '5',
      default_language: 'en',
      alert_opening_from: '07:30',
      alert_opening_to: '21:00',
      alert_kiosk_silent_minutes: '45',
      alert_kiosk_pending_minutes: '120',
      alert_card_earnings_per_day: '8',
      alert_adjustment_above: '1000',
      alert_two_stores_minutes: '20',
      alert_pin_failures_per_day: '6',
    }
    const refused = await b.post('/merchant/settings', {
      ...fields,
      alert_opening_to: '25:00',
      alert_pin_failures_per_day: '0',
    })
    expect(refused.status).toBe(422)
    expect(refused.text).toContain(t('settings.errors.alert_opening_to'))
    expect(refused.text).toContain(t('settings.errors.alert_pin_failures_per_day'))
    expect(refused.text).toContain('name="alert_opening_to" value="25:00"')
    const saved = await b.post('/merchant/settings', fields)
    expect(saved.status).toBe(303)
    const row = await merchantRow()
    expect(row.settings.alerts).toEqual({
      alert_opening_from: '07:30',
      alert_opening_to: '21:00',
      alert_kiosk_silent_minutes: 45,
      alert_kiosk_pending_minutes: 120,
      alert_card_earnings_per_day: 8,
      alert_adjustment_above: 1000,
      alert_two_stores_minutes: 20,
      alert_pin_failures_per_day: 6,
    })
    expect(row.settings.kiosk).toMatchObject({ pin_length: 6 })
  })
})
