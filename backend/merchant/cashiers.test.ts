import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { buildMerchant, type BuiltMerchant } from '../test/factories.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { createKioskPairing } from '../kiosks/commands/create-kiosk.ts'
import { recordedActor, type Principal } from '../policies/principal.ts'
import { merchantScope } from '../policies/scope.ts'
import { createApiKey } from '../api-keys/api-keys.ts'
import { reachableCashier } from '../kiosks/cashier-reach.ts'
import { createStaff } from '../kiosks/commands/create-staff.ts'
import { setStaffActive } from '../kiosks/commands/set-staff-active.ts'
import { setStaffPin } from '../kiosks/commands/set-staff-pin.ts'
import { unlockStaffPin } from '../kiosks/commands/unlock-staff-pin.ts'

// A merchant's commands on cashiers and their PINs: audited, within the policy's reach, and at
// the kiosks of the cashier's stores with the next pull.

const db = useTestDatabase()
let app: TestApp
let merchant: BuiltMerchant
let owner: Principal
let outletManager: Principal

beforeAll(async () => {
  app = await startTestApp(db.knex)
  merchant = await buildMerchant(db.knex)
  owner = {
    kind: 'merchant_user',
    id: randomUUID(),
    merchantId: merchant.merchantId,
    role: 'owner',
    storeIds: null,
  }
  outletManager = {
    kind: 'merchant_user',
    id: randomUUID(),
    merchantId: merchant.merchantId,
    role: 'manager',
    storeIds: [merchant.storeIds[1]],
  }
})
afterAll(() => app.close())

const pairKiosk = async (storeCode: string) => {
  const pairing = await createKioskPairing(db.knex, {
    merchantId: merchant.merchantId,
    storeCode,
    name: 'Till',
    baseUrl: 'http://localhost',
    actor: merchant.actor,
  })
  const paired = await app.request('POST', '/api/v1/kiosk/pair', {
    body: { code: pairing.code, app_version: '1.0.0' },
  })
  return paired.body.data.credential as string
}

type PulledStaff = { id: string; pin_hash: string | null; locked: boolean }
const pulledStaff = async (credential: string, id: string) => {
  const pulled = await app.request('POST', '/api/v1/kiosk/sync', {
    token: credential,
    body: {
      cursor: null,
      device_time: new Date().toISOString(),
      app_version: '1.0.0',
      queue_length: 0,
      operations: [],
    },
  })
  return (pulled.body.data.changes.staff as PulledStaff[]).find((s) => s.id === id) ?? null
}

// What the staff page and API do for a principal: ask the policy with the cashier's stores (or
// narrow the stores to the principal's scope), then run the command.
const createCashier = (
  knex: typeof db.knex,
  props: { principal: Principal; name: string; stores: string[]; pin: string },
) =>
  createStaff(knex, {
    ...merchantScope(props.principal),
    name: props.name,
    storeCodes: props.stores,
    pin: props.pin,
    actor: recordedActor(props.principal),
  })
const unlockCashierPin = async (
  knex: typeof db.knex,
  props: { principal: Principal; staffId: string },
) =>
  unlockStaffPin(knex, {
    ...(await reachableCashier(knex, props.principal, 'staff.pin.unlock', props.staffId)),
    actor: recordedActor(props.principal),
  })
const resetCashierPin = async (
  knex: typeof db.knex,
  props: { principal: Principal; staffId: string; pin: string },
) =>
  setStaffPin(knex, {
    ...(await reachableCashier(knex, props.principal, 'staff.pin.set', props.staffId)),
    pin: props.pin,
    actor: recordedActor(props.principal),
  })
const setCashierActive = async (
  knex: typeof db.knex,
  props: { principal: Principal; staffId: string; active: boolean; version: number },
) =>
  setStaffActive(knex, {
    ...(await reachableCashier(knex, props.principal, 'staff.update', props.staffId)),
    active: props.active,
    version: props.version,
    actor: recordedActor(props.principal),
  })

const codeOf = async (run: () => Promise<unknown>) => {
  try {
    await run()
    return 'OK'
  } catch (error) {
    return (error as { code: string }).code
  }
}
const fieldsOf = async (run: () => Promise<unknown>) => {
  try {
    await run()
    return null
  } catch (error) {
    return (error as { details: { fields: unknown } }).details.fields
  }
}

const lock = (staffId: string) =>
  db
    .knex('staff')
    .where('id', staffId)
    .update({ failed_pin_attempts: 10, pin_locked_at: db.knex.fn.now() })

describe('cashiers and their PINs', () => {
  it('creates a cashier with every field checked at once, and saves nothing on a refusal', async () => {
    const fields = await fieldsOf(() =>
      createCashier(db.knex, { principal: owner, name: ' ', stores: ['NOPE'], pin: '123456' }),
    )
    expect(fields).toEqual([
      { path: 'name', code: 'invalid' },
      { path: 'stores', code: 'invalid' },
      { path: 'pin', code: 'sequence' },
    ])
    expect(
      await fieldsOf(() =>
        createCashier(db.knex, {
          principal: owner,
          name: 'Ines',
          stores: [merchant.storeCodes[0]],
          pin: '4444',
        }),
      ),
    ).toEqual([{ path: 'pin', code: 'invalid_format' }])
    expect(await db.knex('staff').where('name', 'Ines')).toHaveLength(0)
    const created = await createCashier(db.knex, {
      principal: owner,
      name: 'Ines',
      stores: [merchant.storeCodes[0]],
      pin: '604182',
    })
    const audit = await db
      .knex('audit_log')
      .where({ action: 'staff.create', subject_id: created.id })
    expect(audit).toHaveLength(1)
  })

  it('unlocks a locked PIN, audited, and the kiosks of the cashier’s stores get it at the next pull', async () => {
    const { id } = await createCashier(db.knex, {
      principal: owner,
      name: 'Jan',
      stores: merchant.storeCodes,
      pin: '604182',
    })
    const hub = await pairKiosk(merchant.storeCodes[0])
    const outlet = await pairKiosk(merchant.storeCodes[1])
    await lock(id)
    expect(await pulledStaff(hub, id)).toMatchObject({ locked: true })
    // A manager of one of the two stores cannot: the PIN opens the other store's kiosks too.
    expect(
      await codeOf(() => unlockCashierPin(db.knex, { principal: outletManager, staffId: id })),
    ).toBe('NOT_FOUND')
    await unlockCashierPin(db.knex, { principal: owner, staffId: id })
    expect(await pulledStaff(hub, id)).toMatchObject({ locked: false })
    expect(await pulledStaff(outlet, id)).toMatchObject({ locked: false })
    const row = await db.knex('staff').where('id', id).first()
    expect(row.failed_pin_attempts).toBe(0)
    const audit = await db.knex('audit_log').where({ action: 'staff.unlock_pin', subject_id: id })
    expect(audit).toEqual([
      expect.objectContaining({ data: { was_locked: true, failed_pin_attempts: 10 } }),
    ])
  })

  it('resets a PIN (new hash at the kiosks, lock lifted), refusing a trivial one with the reason', async () => {
    const { id } = await createCashier(db.knex, {
      principal: outletManager,
      name: 'Kim',
      stores: [merchant.storeCodes[1]],
      pin: '604182',
    })
    const outlet = await pairKiosk(merchant.storeCodes[1])
    const before = await pulledStaff(outlet, id)
    await lock(id)
    expect(
      await fieldsOf(() =>
        resetCashierPin(db.knex, { principal: outletManager, staffId: id, pin: '777777' }),
      ),
    ).toEqual([{ path: 'pin', code: 'same_digit' }])
    await resetCashierPin(db.knex, { principal: outletManager, staffId: id, pin: '918273' })
    const after = await pulledStaff(outlet, id)
    expect(after).toMatchObject({ locked: false })
    expect(after?.pin_hash).not.toBe(before?.pin_hash)
    // The failures before the new PIN no longer count, from now on.
    expect(
      await db.knex('staff').where('id', id).first('failed_pin_attempts', 'pin_failures_since'),
    ).toMatchObject({ failed_pin_attempts: 0, pin_failures_since: expect.any(Date) })
    expect(
      await db.knex('audit_log').where({ action: 'staff.set_pin', subject_id: id }),
    ).toHaveLength(1)
  })

  it('keeps a store manager to cashiers of their stores: others are NOT_FOUND', async () => {
    const { id } = await createCashier(db.knex, {
      principal: owner,
      name: 'Lou',
      stores: [merchant.storeCodes[0]],
      pin: '604182',
    })
    for (const run of [
      () => unlockCashierPin(db.knex, { principal: outletManager, staffId: id }),
      () => resetCashierPin(db.knex, { principal: outletManager, staffId: id, pin: '918273' }),
      () =>
        setCashierActive(db.knex, {
          principal: outletManager,
          staffId: id,
          active: false,
          version: 1,
        }),
      () => unlockCashierPin(db.knex, { principal: owner, staffId: 'not-a-uuid' }),
    ])
      expect(await codeOf(run)).toBe('NOT_FOUND')
    expect(
      await fieldsOf(() =>
        createCashier(db.knex, {
          principal: outletManager,
          name: 'Max',
          stores: [merchant.storeCodes[0]],
          pin: '604182',
        }),
      ),
    ).toEqual([{ path: 'stores', code: 'invalid' }])
  })

  it('deactivates a cashier: the kiosks drop them at the next pull', async () => {
    const { id } = await createCashier(db.knex, {
      principal: owner,
      name: 'Nora',
      stores: [merchant.storeCodes[0]],
      pin: '604182',
    })
    const hub = await pairKiosk(merchant.storeCodes[0])
    expect(await pulledStaff(hub, id)).not.toBeNull()
    await setCashierActive(db.knex, { principal: owner, staffId: id, active: false, version: 1 })
    expect(await pulledStaff(hub, id)).toBeNull()
    expect(await db.knex('staff').where('id', id).first('version')).toEqual({ version: 2 })
    // A second deactivation from the new version changes nothing: no second audit row.
    await setCashierActive(db.knex, { principal: owner, staffId: id, active: false, version: 2 })
    const audit = await db.knex('audit_log').where({ action: 'staff.deactivate', subject_id: id })
    expect(audit).toEqual([
      expect.objectContaining({ data: { before: { active: true }, after: { active: false } } }),
    ])
    // One made from the version before is refused, even though nothing would change.
    expect(
      await codeOf(() =>
        setCashierActive(db.knex, { principal: owner, staffId: id, active: false, version: 1 }),
      ),
    ).toBe('EDIT_CONFLICT')
  })

  it('neither needs nor bumps the version for a new PIN or an unlock (they edit no field of the row)', async () => {
    const { id } = await createCashier(db.knex, {
      principal: owner,
      name: 'Otto',
      stores: [merchant.storeCodes[0]],
      pin: '604182',
    })
    await lock(id)
    await unlockCashierPin(db.knex, { principal: owner, staffId: id })
    await resetCashierPin(db.knex, { principal: owner, staffId: id, pin: '918273' })
    expect(await db.knex('staff').where('id', id).first('version')).toEqual({ version: 1 })
    // So a deactivation form shown before them still lands.
    await setCashierActive(db.knex, { principal: owner, staffId: id, active: false, version: 1 })
    expect(await db.knex('staff').where('id', id).first('active')).toEqual({ active: false })
  })
})

describe('the staff API', () => {
  it('creates, lists, gives a new PIN, unlocks and deactivates a cashier with the merchant’s key', async () => {
    const { token } = await createApiKey(db.knex, {
      merchantId: merchant.merchantId,
      name: 'staff',
      actor: merchant.actor,
    })
    const created = await app.request('POST', '/api/v1/staff', {
      token,
      body: { name: 'Olga', stores: [merchant.storeCodes[0]], pin: '246802' },
    })
    expect(created.status).toBe(201)
    const id = created.body.data.id as string
    expect(created.body.data).toEqual({
      id,
      name: 'Olga',
      active: true,
      has_pin: true,
      locked: false,
      failed_attempts: 0,
      stores: [{ code: merchant.storeCodes[0], name: expect.any(String) }],
      failures: [],
      version: 1,
    })
    const refused = await app.request('POST', '/api/v1/staff', {
      token,
      body: { name: '', stores: ['NOPE'], pin: '0000' },
    })
    expect(refused.status).toBe(422)
    expect(refused.body.error.details.fields).toEqual([
      { path: 'name', code: 'invalid' },
      { path: 'stores', code: 'invalid' },
      { path: 'pin', code: 'invalid_format' },
    ])
    const trivial = await app.request('PUT', `/api/v1/staff/${id}/pin`, {
      token,
      body: { pin: '987654' },
    })
    expect(trivial.status).toBe(422)
    expect(trivial.body.error.details.fields).toEqual([{ path: 'pin', code: 'sequence' }])
    await lock(id)
    const listed = await app.request('GET', '/api/v1/staff', { token })
    expect(listed.body.data.find((s: { id: string }) => s.id === id)).toMatchObject({
      locked: true,
      failed_attempts: 10,
    })
    const unlocked = await app.request('POST', `/api/v1/staff/${id}/unlock`, { token, body: {} })
    expect(unlocked.status).toBe(200)
    expect(unlocked.body.data).toMatchObject({ locked: false, failed_attempts: 0 })
    const pin = await app.request('PUT', `/api/v1/staff/${id}/pin`, {
      token,
      body: { pin: '918273' },
    })
    expect(pin.status).toBe(200)
    expect(pin.body.data.version).toBe(1)
    const off = await app.request('PATCH', `/api/v1/staff/${id}`, {
      token,
      body: { active: false, version: 1 },
    })
    expect(off.body.data).toMatchObject({ active: false, version: 2 })
    const stale = await app.request('PATCH', `/api/v1/staff/${id}`, {
      token,
      body: { active: true, version: 1 },
    })
    expect(stale.status).toBe(409)
    expect(stale.body.error).toMatchObject({
      code: 'EDIT_CONFLICT',
      details: { subject: 'staff', id, version: 1, current_version: 2 },
    })
    const noVersion = await app.request('PATCH', `/api/v1/staff/${id}`, {
      token,
      body: { active: true },
    })
    expect(noVersion.status).toBe(422)
    expect(noVersion.body.error.details.fields).toEqual([
      { path: 'body.version', code: 'required' },
    ])
    expect(await db.knex('staff').where('id', id).first('active')).toEqual({ active: false })
    const audit = await db
      .knex('audit_log')
      .where({ subject_id: id, actor_type: 'api_key' })
      .pluck('action')
    expect(audit.sort()).toEqual([
      'staff.create',
      'staff.deactivate',
      'staff.set_pin',
      'staff.unlock_pin',
    ])
  })
})
