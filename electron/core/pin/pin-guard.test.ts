import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { hash } from 'bcryptjs'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { KioskOperation } from '../../../shared/schemas/kiosk-api.ts'
import { fileKeyProvider } from '../store/key-provider.ts'
import { openKioskStore, type KioskStore } from '../store/kiosk-store.ts'
import { createPinGuard } from './pin-guard.ts'
import { recordFailure } from './pin-failures.ts'
import { credentialOf, type StaffRecord } from './staff-record.ts'

const STORE = '5b0c7f52-2d7e-4a43-9f0e-3c1a3b9f0001'
const OTHER_STORE = '5b0c7f52-2d7e-4a43-9f0e-3c1a3b9f0002'
const ANNA = 'a0000000-0000-4000-8000-000000000001'
const BEN = 'a0000000-0000-4000-8000-000000000002'
const CHLOE = 'a0000000-0000-4000-8000-000000000003'
const PINS = { [ANNA]: '4821', [BEN]: '7390', [CHLOE]: '1111' }
const WRONG = '0000'

let hashes: Record<string, string>
let dir: string
let store: KioskStore
let clock: Date

beforeAll(async () => {
  hashes = {}
  for (const [id, pin] of Object.entries(PINS)) hashes[id] = await hash(pin, 10)
})

const staffRecord = (id: string, name: string, changes: Partial<StaffRecord> = {}) => ({
  id,
  name,
  pin_hash: hashes[id] ?? null,
  locked: false,
  pin_changed_at: '2026-02-01T08:00:00.000Z',
  store_ids: [STORE],
  ...changes,
})

const putStaff = (...records: ReturnType<typeof staffRecord>[]) =>
  store.putSnapshot(
    'staff',
    records.map((data) => ({ id: data.id, data })),
  )

const openStore = () =>
  openKioskStore({
    path: path.join(dir, 'kiosk.db'),
    keys: fileKeyProvider(path.join(dir, 'store.key')),
    now: () => clock,
  })

const guard = () => createPinGuard({ store, storeId: STORE, now: () => clock })
const advance = (seconds: number) => {
  clock = new Date(clock.getTime() + seconds * 1000)
}
const at = (seconds: number) => new Date(clock.getTime() + seconds * 1000).toISOString()
/** The pin_failed operations queued, as the sync engine will send them (parsed as the server will). */
const reports = () =>
  store
    .pendingOperations(100)
    .filter((op) => op.type === 'pin_failed')
    .map((op) => {
      const sent = KioskOperation.parse(
        Object.assign({ client_id: op.clientId, type: op.type }, op.payload),
      )
      if (sent.type !== 'pin_failed') throw new Error(`queued as ${sent.type}`)
      return {
        staff_id: sent.staff_id,
        at: sent.occurred_at,
        consecutive_failures: sent.payload.consecutive_failures,
      }
    })

/** The pin_ok operations queued (correct PINs), as the server will parse them. */
const successes = () =>
  store
    .pendingOperations(100)
    .filter((op) => op.type === 'pin_ok')
    .map((op) => {
      const sent = KioskOperation.parse(
        Object.assign({ client_id: op.clientId, type: op.type }, op.payload),
      )
      if (sent.type !== 'pin_ok') throw new Error(`queued as ${sent.type}`)
      return { staff_id: sent.staff_id, at: sent.occurred_at }
    })

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-pin-'))
  clock = new Date('2026-03-01T09:00:00.000Z')
  store = await openStore()
  putStaff(
    staffRecord(ANNA, 'Anna'),
    staffRecord(BEN, 'Ben'),
    staffRecord(CHLOE, 'Chloé', { store_ids: [OTHER_STORE] }),
  )
})
afterEach(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('verifyPin', () => {
  it('unlocks with the right PIN and names the staff member', async () => {
    expect(await guard().verifyPin(ANNA, '4821')).toEqual({
      ok: true,
      staff: { id: ANNA, name: 'Anna' },
    })
    expect(reports()).toEqual([])
  })

  it('reports a correct PIN to the server, so its count of failures restarts too', async () => {
    const pins = guard()
    await pins.verifyPin(ANNA, WRONG)
    advance(5)
    expect(await pins.verifyPin(ANNA, '4821')).toMatchObject({ ok: true })
    expect(successes()).toEqual([{ staff_id: ANNA, at: '2026-03-01T09:00:05.000Z' }])
    // In the outbox after the failure it follows, as the sync engine sends them.
    expect(store.pendingOperations(100).map((op) => op.type)).toEqual(['pin_failed', 'pin_ok'])
  })

  it('reports no success for a PIN refused unchecked (delay, lock)', async () => {
    const pins = guard()
    for (let i = 0; i < 3; i++) await pins.verifyPin(ANNA, WRONG)
    expect(await pins.verifyPin(ANNA, '4821')).toMatchObject({ code: 'PIN_LOCKED' })
    putStaff(staffRecord(BEN, 'Ben', { locked: true }))
    expect(await pins.verifyPin(BEN, '7390')).toMatchObject({ code: 'PIN_LOCKED' })
    expect(successes()).toEqual([])
  })

  it('answers STAFF_NOT_FOUND for an unknown id or staff of another store, counting nothing', async () => {
    const pins = guard()
    expect(await pins.verifyPin('nobody', '4821')).toEqual({ ok: false, code: 'STAFF_NOT_FOUND' })
    expect(await pins.verifyPin(CHLOE, '1111')).toEqual({ ok: false, code: 'STAFF_NOT_FOUND' })
    expect(reports()).toEqual([])
  })

  it('refuses a wrong PIN with the attempts left and reports the failure to the server', async () => {
    expect(await guard().verifyPin(ANNA, WRONG)).toEqual({
      ok: false,
      code: 'PIN_INVALID',
      attemptsLeft: 9,
    })
    expect(reports()).toEqual([
      { staff_id: ANNA, at: '2026-03-01T09:00:00.000Z', consecutive_failures: 1 },
    ])
  })

  it('makes attempts wait 30 s after 3 failures, refusing them unchecked even with the right PIN', async () => {
    const pins = guard()
    await pins.verifyPin(ANNA, WRONG)
    await pins.verifyPin(ANNA, WRONG)
    expect(await pins.verifyPin(ANNA, WRONG)).toEqual({
      ok: false,
      code: 'PIN_INVALID',
      attemptsLeft: 7,
      retryAt: at(30),
    })
    const retryAt = at(30)
    advance(29)
    expect(await pins.verifyPin(ANNA, '4821')).toEqual({ ok: false, code: 'PIN_LOCKED', retryAt })
    expect(reports()).toHaveLength(3)
    advance(1)
    expect(await pins.verifyPin(ANNA, '4821')).toMatchObject({ ok: true })
  })

  it('doubles the wait after each further failure and locks hard after 10', async () => {
    const pins = guard()
    const waits = []
    for (let failure = 1; failure <= 10; failure++) {
      const result = await pins.verifyPin(ANNA, WRONG)
      expect(result).toMatchObject({ code: 'PIN_INVALID', attemptsLeft: 10 - failure })
      const retryAt = 'retryAt' in result ? result.retryAt : undefined
      waits.push(retryAt ? (Date.parse(retryAt) - clock.getTime()) / 1000 : 0)
      if (retryAt) clock = new Date(retryAt)
    }
    expect(waits).toEqual([0, 0, 30, 60, 120, 240, 480, 960, 1920, 0])
    advance(86_400 * 30)
    expect(await pins.verifyPin(ANNA, '4821')).toEqual({ ok: false, code: 'PIN_LOCKED' })
    expect(reports()).toEqual(
      waits.map((_, i) => expect.objectContaining({ staff_id: ANNA, consecutive_failures: i + 1 })),
    )
  })

  it('starts counting again after a success', async () => {
    const pins = guard()
    await pins.verifyPin(ANNA, WRONG)
    await pins.verifyPin(ANNA, WRONG)
    expect(await pins.verifyPin(ANNA, '4821')).toMatchObject({ ok: true })
    await pins.verifyPin(ANNA, WRONG)
    expect(await pins.verifyPin(ANNA, WRONG)).toEqual({
      ok: false,
      code: 'PIN_INVALID',
      attemptsLeft: 8,
    })
  })

  it('keeps counting failures across a restart of the kiosk', async () => {
    for (let i = 0; i < 3; i++) await guard().verifyPin(ANNA, WRONG)
    const retryAt = at(30)
    store.close()
    store = await openStore()
    expect(await guard().verifyPin(ANNA, '4821')).toEqual({
      ok: false,
      code: 'PIN_LOCKED',
      retryAt,
    })
  })

  it('counts failures per staff member', async () => {
    const pins = guard()
    for (let i = 0; i < 3; i++) await pins.verifyPin(ANNA, WRONG)
    expect(await pins.verifyPin(BEN, '7390')).toMatchObject({ ok: true })
  })

  it('refuses a PIN the server locked, without checking or counting it', async () => {
    putStaff(staffRecord(ANNA, 'Anna', { locked: true }))
    expect(await guard().verifyPin(ANNA, '4821')).toEqual({ ok: false, code: 'PIN_LOCKED' })
    expect(reports()).toEqual([])
  })

  it('lifts a hard lock when the server sends a new PIN', async () => {
    const anna = staffRecord(ANNA, 'Anna')
    for (let i = 0; i < 10; i++) recordFailure(store, ANNA, credentialOf(anna), clock)
    expect(await guard().verifyPin(ANNA, '4821')).toEqual({ ok: false, code: 'PIN_LOCKED' })

    putStaff({ ...anna, pin_hash: await hash('2468', 10), pin_changed_at: clock.toISOString() })
    expect(await guard().verifyPin(ANNA, '2468')).toMatchObject({ ok: true })
  })

  it('lifts a hard lock on clearLock', async () => {
    for (let i = 0; i < 10; i++) {
      recordFailure(store, ANNA, credentialOf(staffRecord(ANNA, 'Anna')), clock)
    }
    const pins = guard()
    pins.clearLock(ANNA)
    expect(await pins.verifyPin(ANNA, '4821')).toMatchObject({ ok: true })
  })

  it('takes parallel attempts one at a time, so they cannot skip the wait', async () => {
    const pins = guard()
    const results = await Promise.all(Array.from({ length: 5 }, () => pins.verifyPin(ANNA, WRONG)))
    expect(results.map((r) => r.ok === false && r.code)).toEqual([
      'PIN_INVALID',
      'PIN_INVALID',
      'PIN_INVALID',
      'PIN_LOCKED',
      'PIN_LOCKED',
    ])
    expect(reports()).toHaveLength(3)
  })

  it('answers PIN_NOT_SET for a staff member without a PIN', async () => {
    putStaff(staffRecord(ANNA, 'Anna', { pin_hash: null }))
    expect(await guard().verifyPin(ANNA, '4821')).toEqual({ ok: false, code: 'PIN_NOT_SET' })
  })
})

describe('verifyPinForAnyStaff', () => {
  it('finds whose PIN it is among the staff of the store', async () => {
    const pins = guard()
    expect(await pins.verifyPinForAnyStaff('7390')).toEqual({
      ok: true,
      staff: { id: BEN, name: 'Ben' },
    })
    expect(await pins.verifyPinForAnyStaff('4821')).toMatchObject({ staff: { id: ANNA } })
  })

  it('reports the correct PIN of whoever it matched', async () => {
    expect(await guard().verifyPinForAnyStaff('7390')).toMatchObject({ staff: { id: BEN } })
    expect(successes()).toEqual([{ staff_id: BEN, at: '2026-03-01T09:00:00.000Z' }])
  })

  it('counts a PIN that matches nobody against the kiosk and reports it with no staff id', async () => {
    expect(await guard().verifyPinForAnyStaff('1111')).toEqual({
      ok: false,
      code: 'PIN_INVALID',
      attemptsLeft: 9,
    })
    expect(reports()).toEqual([
      { staff_id: null, at: '2026-03-01T09:00:00.000Z', consecutive_failures: 1 },
    ])
  })

  it('escalates kiosk failures like a staff member’s, across a restart, up to the hard lock', async () => {
    putStaff(staffRecord(BEN, 'Ben', { locked: true }))
    for (let i = 0; i < 2; i++) await guard().verifyPinForAnyStaff(WRONG)
    expect(await guard().verifyPinForAnyStaff(WRONG)).toMatchObject({ retryAt: at(30) })
    const retryAt = at(30)
    store.close()
    store = await openStore()
    expect(await guard().verifyPinForAnyStaff('4821')).toEqual({
      ok: false,
      code: 'PIN_LOCKED',
      retryAt,
    })

    for (let i = 0; i < 6; i++) recordFailure(store, null, null, clock)
    advance(3600)
    expect(await guard().verifyPinForAnyStaff(WRONG)).toEqual({
      ok: false,
      code: 'PIN_INVALID',
      attemptsLeft: 0,
    })
    advance(86_400)
    expect(await guard().verifyPinForAnyStaff('4821')).toEqual({ ok: false, code: 'PIN_LOCKED' })
    guard().clearLock(null)
    expect(await guard().verifyPinForAnyStaff('4821')).toMatchObject({ ok: true })
  })

  it('never compares the PIN of a locked staff member: it counts as a miss', async () => {
    putStaff(staffRecord(BEN, 'Ben', { locked: true }))
    expect(await guard().verifyPinForAnyStaff('7390')).toMatchObject({ code: 'PIN_INVALID' })
    expect(reports()).toEqual([expect.objectContaining({ staff_id: null })])
  })

  it('clears the kiosk count on a success', async () => {
    const pins = guard()
    await pins.verifyPinForAnyStaff(WRONG)
    await pins.verifyPinForAnyStaff(WRONG)
    expect(await pins.verifyPinForAnyStaff('4821')).toMatchObject({ ok: true })
    expect(await pins.verifyPinForAnyStaff(WRONG)).toMatchObject({ attemptsLeft: 9 })
  })

  it('answers STAFF_NOT_FOUND when the store has no staff, and PIN_LOCKED when all are locked', async () => {
    const pins = createPinGuard({ store, storeId: 'elsewhere', now: () => clock })
    expect(await pins.verifyPinForAnyStaff('4821')).toEqual({ ok: false, code: 'STAFF_NOT_FOUND' })

    putStaff(staffRecord(BEN, 'Ben', { locked: true }))
    for (let i = 0; i < 3; i++) await guard().verifyPin(ANNA, WRONG)
    expect(await guard().verifyPinForAnyStaff('4821')).toEqual({
      ok: false,
      code: 'PIN_LOCKED',
      retryAt: at(30),
    })
    expect(reports()).toHaveLength(3)
  })
})
