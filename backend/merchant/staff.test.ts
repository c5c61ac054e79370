import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES, type Language } from '../../shared/languages.ts'
import { translator } from '../i18n/i18n.ts'
import { DEMO, DEMO_LOGINS, seedDemoData } from '../seed/demo-seed.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { createMerchantUser } from '../accounts/commands/create-merchant-user.ts'
import { signInMerchant } from '../test/merchant-sign-in.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { systemActor } from '../auth/actor.ts'
import { setStaffActive } from '../kiosks/commands/set-staff-active.ts'
import { rawKeysIn } from '../test/raw-keys.ts'

// The staff page through the real app: cashiers with their PIN state and the failed PINs that
// count, create, new PIN, unlock, deactivate; refusals per field in the page's language with what
// was typed kept; a manager of another store cannot touch a cashier of a store they don't run.

const db = useTestDatabase()
let app: TestApp

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())

const OWNER = DEMO_LOGINS.fashionOwner
const PASSWORD = 'a long manager password'

const logIn = (email: string, password: string, language?: Language) =>
  signInMerchant(app.url, email, password, language)

const newManager = async (email: string, storeIds?: string[], merchantId?: string) => {
  await createMerchantUser(db.knex, {
    merchantId: merchantId ?? DEMO.fashion.merchantId,
    email,
    name: 'Paula Manager',
    role: 'manager',
    storeIds,
    password: PASSWORD,
    passwordCost: 10,
    preferredLanguage: 'en',
  })
  return logIn(email, PASSWORD)
}

const staffId = async (name: string) =>
  (await db.knex('staff').where({ name }).first('id')).id as string

const rowOf = (html: string, id: string) =>
  new RegExp(`<tr data-staff="${id}">.*?</tr>`, 's').exec(html)?.[0] ?? ''

/** A failed PIN reported by a kiosk, as the sync records it. */
const reportFailure = async (kioskName: string, storeId: string, staff: string) => {
  const [kiosk] = await db
    .knex('kiosks')
    .insert({
      merchant_id: DEMO.fashion.merchantId,
      store_id: storeId,
      name: kioskName,
      status: 'active',
    })
    .onConflict()
    .ignore()
    .returning('id')
  const id = kiosk?.id ?? (await db.knex('kiosks').where({ name: kioskName }).first('id')).id
  const op = {
    client_id: randomUUID(),
    type: 'pin_failed',
    occurred_at: new Date().toISOString(),
    staff_id: staff,
    decided_offline: false,
    payload: { consecutive_failures: 1 },
  }
  await db.knex('kiosk_operations').insert({
    merchant_id: DEMO.fashion.merchantId,
    kiosk_id: id,
    client_id: op.client_id,
    type: 'pin_failed',
    request_hash: 'x',
    payload: JSON.stringify(op),
    outcome: 'applied',
    occurred_at: db.knex.fn.now(),
  })
  await db.knex('staff').where('id', staff).increment('failed_pin_attempts', 1)
}

describe('the staff page', () => {
  it('creates a cashier, keeping what was typed and naming each field’s problem', async () => {
    const owner = await logIn(OWNER.email, OWNER.password)
    const page = await owner.get('/merchant/staff')
    expect(page.status).toBe(200)
    expect(page.text).toContain('Demo Cashier')
    // The owner's profile language is French.
    const t = translator('fr', 'merchant')
    const refused = await owner.post('/merchant/staff', {
      name: 'Zoé Keller',
      stores: 'FASHIONHUB',
      pin: '111111',
    })
    expect(refused.status).toBe(422)
    expect(refused.text).toContain(t('staff.errors.pin_same_digit'))
    expect(refused.text).toContain('value="Zoé Keller"')
    expect(refused.text).toMatch(/name="stores" checked="" value="FASHIONHUB"/)
    expect(refused.text).not.toContain('111111')
    const noStore = await owner.post('/merchant/staff', { name: '', pin: '12' })
    expect(noStore.text).toContain(t('staff.errors.name', { max: 100 }))
    expect(noStore.text).toContain(t('staff.errors.stores'))
    expect(noStore.text).toContain(t('staff.errors.pin_invalid_format', { length: 6 }))
    expect(await db.knex('staff').where({ name: 'Zoé Keller' })).toHaveLength(0)

    const created = await owner.post('/merchant/staff', {
      name: 'Zoé Keller',
      stores: 'FASHIONHUB',
      pin: '582910',
    })
    expect(created.status).toBe(303)
    expect(created.headers.get('location')).toBe('/merchant/staff?done=created')
    const listed = await owner.get('/merchant/staff?done=created')
    expect(listed.text).toContain(t('staff.done_created'))
    expect(rowOf(listed.text, await staffId('Zoé Keller'))).toContain('FashionHub')
  })

  it('shows failed PINs by kiosk, unlocks a locked PIN and sets a new one', async () => {
    const owner = await logIn(OWNER.email, OWNER.password)
    await owner.get('/merchant/staff')
    await owner.post('/merchant/staff', { name: 'Yann', stores: 'FASHIONHUB', pin: '582910' })
    const id = await staffId('Yann')
    await reportFailure('Caisse failures', DEMO.fashion.hubStoreId, id)
    await db.knex('staff').where('id', id).update({ pin_locked_at: db.knex.fn.now() })
    const t = translator('fr', 'merchant')
    const page = await owner.get('/merchant/staff')
    const row = rowOf(page.text, id)
    expect(row).toContain(t('staff.pin_locked'))
    expect(row).toContain('Caisse failures (FashionHub)')

    const weak = await owner.post('/merchant/staff/pin', { staff: id, pin: '123456' })
    expect(weak.status).toBe(422)
    expect(rowOf(weak.text, id)).toContain(t('staff.errors.pin_sequence'))

    await owner.get('/merchant/staff')
    const unlocked = await owner.post('/merchant/staff/unlock', { staff: id })
    expect(unlocked.headers.get('location')).toBe('/merchant/staff?done=unlocked')
    const after = rowOf((await owner.get('/merchant/staff')).text, id)
    expect(after).toContain(t('staff.pin_open'))
    expect(after).not.toContain('Caisse failures')

    const before = (await db.knex('staff').where('id', id).first('pin_hash')).pin_hash
    const reset = await owner.post('/merchant/staff/pin', { staff: id, pin: '619274' })
    expect(reset.headers.get('location')).toBe('/merchant/staff?done=pin')
    expect((await db.knex('staff').where('id', id).first('pin_hash')).pin_hash).not.toBe(before)

    await owner.get('/merchant/staff')
    const gone = await owner.post('/merchant/staff/deactivate', { staff: id, version: '1' })
    expect(gone.headers.get('location')).toBe('/merchant/staff?done=deactivated')
    expect(await db.knex('staff').where('id', id).first('active')).toEqual({ active: false })
    const actions = await db
      .knex('audit_log')
      .where({ subject_id: id })
      .orderBy('created_at')
      .pluck('action')
    expect(actions).toEqual(
      expect.arrayContaining([
        'staff.create',
        'staff.unlock_pin',
        'staff.set_pin',
        'staff.deactivate',
      ]),
    )
  })

  it('keeps a manager of another store from a cashier of a store they do not run: NOT_FOUND', async () => {
    const owner = await logIn(OWNER.email, OWNER.password)
    await owner.get('/merchant/staff')
    await owner.post('/merchant/staff', { name: 'Hub Only', stores: 'FASHIONHUB', pin: '582910' })
    const id = await staffId('Hub Only')
    await db.knex('staff').where('id', id).update({ pin_locked_at: db.knex.fn.now() })

    const manager = await newManager('outlet.staff@fashion-group.lu', [DEMO.fashion.outletStoreId])
    const page = await manager.get('/merchant/staff')
    expect(page.status).toBe(200)
    expect(page.text).not.toContain('Hub Only')
    for (const [path, form] of [
      ['/merchant/staff/unlock', { staff: id }],
      ['/merchant/staff/pin', { staff: id, pin: '619274' }],
      ['/merchant/staff/deactivate', { staff: id, version: '1' }],
    ] as const) {
      const refused = await manager.post(path, form)
      expect(refused.status, path).toBe(404)
    }
    const row = await db.knex('staff').where('id', id).first('active', 'pin_locked_at')
    expect(row.active).toBe(true)
    expect(row.pin_locked_at).not.toBeNull()
    // The Demo Cashier works in both stores: an outlet-only manager sees them but cannot act.
    expect(page.text).toContain('Demo Cashier')
    expect(
      (await manager.post('/merchant/staff/unlock', { staff: DEMO.fashion.staffId })).status,
    ).toBe(404)

    const cafe = await newManager('staff@cafe-letzebuerg.lu', undefined, DEMO.cafe.merchantId)
    expect((await cafe.get('/merchant/staff')).text).not.toContain('Hub Only')
    expect((await cafe.post('/merchant/staff/unlock', { staff: id })).status).toBe(404)
  })

  it('refuses a deactivation from a page shown before someone else changed the cashier: EDIT_CONFLICT', async () => {
    const owner = await logIn(OWNER.email, OWNER.password)
    await owner.get('/merchant/staff')
    await owner.post('/merchant/staff', { name: 'Vera', stores: 'FASHIONHUB', pin: '582910' })
    const id = await staffId('Vera')
    const shown = rowOf((await owner.get('/merchant/staff')).text, id)
    const version = /name="version" value="(\d+)"/.exec(shown)?.[1]
    expect(version).toBe('1')
    // Meanwhile, someone deactivates and reactivates Vera (the API, another page).
    const actor = systemActor(DEMO.fashion.merchantId)
    await setStaffActive(db.knex, {
      merchantId: DEMO.fashion.merchantId,
      staffId: id,
      version: 1,
      active: false,
      actor,
    })
    await setStaffActive(db.knex, {
      merchantId: DEMO.fashion.merchantId,
      staffId: id,
      version: 2,
      active: true,
      actor,
    })
    const stale = await owner.post('/merchant/staff/deactivate', { staff: id, version: '1' })
    expect(stale.status).toBe(409)
    // The owner's profile language is French.
    expect(stale.text).toContain(errorMessage('EDIT_CONFLICT', {}, 'fr'))
    expect(stale.text).toContain(`<tr data-staff="${id}" data-conflict="">`)
    // The fresh row carries the current version, and Vera is still active.
    expect(stale.text).toContain('name="version" value="3"')
    expect(await db.knex('staff').where('id', id).first('active')).toEqual({ active: true })
    const tampered = await owner.post('/merchant/staff/deactivate', { staff: id, version: 'x' })
    expect(tampered.status).toBe(422)
  })

  it('refuses a form sent without the CSRF token', async () => {
    const owner = await logIn(OWNER.email, OWNER.password)
    const id = await staffId('Demo Cashier')
    const refused = await owner.post('/merchant/staff/unlock', { staff: id, _csrf: 'forged' })
    expect(refused.status).toBe(403)
  })
})

describe('the staff page in every language', () => {
  it('renders with localized texts and no raw key', async () => {
    const owner = await logIn(OWNER.email, OWNER.password)
    for (const language of LANGUAGES) {
      await owner.get('/merchant/staff')
      await owner.post('/merchant/language', { language, next: '/merchant/staff' })
      const page = await owner.get('/merchant/staff')
      const t = translator(language, 'merchant')
      expect(page.status).toBe(200)
      expect(page.text).toContain(`<html lang="${language}">`)
      expect(page.text).toContain(t('staff.create_title'))
      expect(rawKeysIn(page.text)).toEqual([])
      const refused = await owner.post('/merchant/staff', {
        name: 'X',
        stores: 'FASHIONHUB',
        pin: '4545',
      })
      expect(refused.status).toBe(422)
      expect(refused.text).toContain(`<html lang="${language}">`)
      expect(refused.text).toContain(t('staff.errors.pin_invalid_format', { length: 6 }))
      expect(rawKeysIn(refused.text)).toEqual([])
      const dashboard = await owner.get('/merchant')
      expect(dashboard.text).toContain(t('staff.dashboard_link'))
    }
  })
})
