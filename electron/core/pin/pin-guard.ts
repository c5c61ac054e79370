import { compare } from 'bcryptjs'
import type { KioskOperation } from '../../../shared/schemas/kiosk-api.ts'
import type { KioskStore } from '../store/kiosk-store.ts'
import { delayAfter, HARD_LOCK_AFTER_FAILURES, pinLock } from './pin-escalation.ts'
import { clearFailures, readFailures, recordFailure, type FailureSubject } from './pin-failures.ts'
import { credentialOf, parseStaffRecord, worksAt, type StaffRecord } from './staff-record.ts'

export type PinCheckResult =
  | { ok: true; staff: { id: string; name: string } }
  | { ok: false; code: 'STAFF_NOT_FOUND' }
  /** The server has no PIN for this staff member yet. */
  | { ok: false; code: 'PIN_NOT_SET' }
  /** Wrong PIN; `attemptsLeft` before the hard lock, `retryAt` when the next try must wait. */
  | { ok: false; code: 'PIN_INVALID'; attemptsLeft: number; retryAt?: string }
  /** Refused without checking: until `retryAt`, or (without it) until the lock is cleared. */
  | { ok: false; code: 'PIN_LOCKED'; retryAt?: string }

export type PinGuardStore = Pick<
  KioskStore,
  'getSnapshot' | 'listSnapshot' | 'getMeta' | 'setMeta' | 'deleteMeta' | 'enqueue' | 'transaction'
>

export type PinGuard = {
  /** Checks the PIN of the staff member picked on the PIN pad. */
  verifyPin(staffId: string, pin: string): Promise<PinCheckResult>
  /**
   * Finds the staff member of this store whose PIN this is (a PIN pad without names). A PIN
   * that matches nobody is a failure of the kiosk's own counter, reported with staff_id null.
   */
  verifyPinForAnyStaff(pin: string): Promise<PinCheckResult>
  /** Clears a staff member's failures (null: the kiosk's), e.g. when the server says so. */
  clearLock(staffId: string | null): void
}

export type PinGuardOptions = {
  store: PinGuardStore
  /** The kiosk's store: staff whose snapshot lists other stores only cannot unlock it. */
  storeId?: string
  now?: () => Date
}

/** What the outbox keeps for a failure: the sync operation without client_id and type. */
type PinFailedOperation = Omit<
  Extract<KioskOperation, { type: 'pin_failed' }>,
  'client_id' | 'type'
>

/** What the outbox keeps for a correct PIN. */
type PinOkOperation = Omit<Extract<KioskOperation, { type: 'pin_ok' }>, 'client_id' | 'type'>

const LOCKED = { ok: false, code: 'PIN_LOCKED' } as const

/**
 * Staff PIN checks against the bcrypt hashes of the `staff` snapshot. bcryptjs compares
 * asynchronously, in slices, so the event loop keeps running during the ~0.1 s a check costs.
 * Failures are counted in the store (they survive a restart) and escalate: see pin-escalation.ts.
 */
export const createPinGuard = (options: PinGuardOptions): PinGuard => {
  const { store, storeId, now = () => new Date() } = options

  // One check at a time: parallel attempts would all read the count before any failure is
  // recorded, and walk past the delays.
  let queue: Promise<unknown> = Promise.resolve()
  const oneAtATime = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task)
    queue = run.catch(() => undefined)
    return run
  }

  const staffOfStore = (value: unknown): StaffRecord | null => {
    const staff = parseStaffRecord(value)
    return staff && worksAt(staff, storeId) ? staff : null
  }

  const lockOf = (staffId: FailureSubject, credential: string | null) => {
    const { consecutive, lastFailedAt } = readFailures(store, staffId, credential)
    return pinLock(consecutive, lastFailedAt, now())
  }

  const refusal = (lock: ReturnType<typeof lockOf>): PinCheckResult | null => {
    if (lock.state === 'locked') return LOCKED
    if (lock.state === 'delayed') return { ...LOCKED, retryAt: lock.retryAt.toISOString() }
    return null
  }

  const fail = (staffId: FailureSubject, credential: string | null): PinCheckResult => {
    const at = now()
    const consecutive = store.transaction(() => {
      const count = recordFailure(store, staffId, credential, at)
      // docs/lessons.md #15: failures on a stolen terminal must reach the server. The payload is the
      // sync operation minus client_id and type, as the sync engine sends queued operations.
      store.enqueue({
        type: 'pin_failed',
        payload: {
          occurred_at: at.toISOString(),
          staff_id: staffId,
          decided_offline: false,
          payload: { consecutive_failures: count },
        } satisfies PinFailedOperation,
      })
      return count
    })
    const attemptsLeft = Math.max(0, HARD_LOCK_AFTER_FAILURES - consecutive)
    const delay = delayAfter(consecutive)
    return delay
      ? {
          ok: false,
          code: 'PIN_INVALID',
          attemptsLeft,
          retryAt: new Date(at.getTime() + delay).toISOString(),
        }
      : { ok: false, code: 'PIN_INVALID', attemptsLeft }
  }

  const succeed = (staff: StaffRecord, alsoClear: FailureSubject[] = []): PinCheckResult => {
    store.transaction(() => {
      clearFailures(store, staff.id)
      for (const subject of alsoClear) clearFailures(store, subject)
      // The server counts failures across kiosks: a correct PIN restarts its count too (at the
      // next sync when offline), or mistypes over a working life would lock the PIN for good.
      store.enqueue({
        type: 'pin_ok',
        payload: {
          occurred_at: now().toISOString(),
          staff_id: staff.id,
          decided_offline: false,
          payload: {},
        } satisfies PinOkOperation,
      })
    })
    return { ok: true, staff: { id: staff.id, name: staff.name } }
  }

  /** Neither locked by the server nor by the kiosk's counter, and with a PIN. */
  const mayTry = (staff: StaffRecord): staff is StaffRecord & { pin_hash: string } =>
    !staff.locked &&
    staff.pin_hash !== null &&
    lockOf(staff.id, credentialOf(staff)).state === 'open'

  /** Everyone is locked: say until when the first of them may try again, if ever. */
  const nobodyMayTry = (staffHere: StaffRecord[]): PinCheckResult => {
    const retryAts = staffHere
      .filter((staff) => !staff.locked && staff.pin_hash !== null)
      .map((staff) => lockOf(staff.id, credentialOf(staff)))
      .flatMap((lock) => (lock.state === 'delayed' ? [lock.retryAt.getTime()] : []))
    return retryAts.length > 0
      ? { ...LOCKED, retryAt: new Date(Math.min(...retryAts)).toISOString() }
      : LOCKED
  }

  const verifyPin = async (staffId: string, pin: string): Promise<PinCheckResult> => {
    const staff = staffOfStore(store.getSnapshot('staff', staffId))
    if (!staff) return { ok: false, code: 'STAFF_NOT_FOUND' }
    if (staff.locked) return LOCKED
    const credential = credentialOf(staff)
    const refused = refusal(lockOf(staff.id, credential))
    if (refused) return refused
    if (staff.pin_hash === null) return { ok: false, code: 'PIN_NOT_SET' }
    if (await compare(pin, staff.pin_hash)) return succeed(staff)
    return fail(staff.id, credential)
  }

  const verifyPinForAnyStaff = async (pin: string): Promise<PinCheckResult> => {
    const refused = refusal(lockOf(null, null))
    if (refused) return refused
    const staffHere = store
      .listSnapshot('staff')
      .map(staffOfStore)
      .filter((staff) => staff !== null)
    if (staffHere.length === 0) return { ok: false, code: 'STAFF_NOT_FOUND' }
    // A locked PIN is never compared, here as on the named pad: its owner's PIN counts as a
    // miss. Each compare costs ~0.1 s (cost 10), fine for the few staff of one store.
    const candidates = staffHere.filter(mayTry)
    if (candidates.length === 0) return nobodyMayTry(staffHere)
    for (const staff of candidates) {
      if (await compare(pin, staff.pin_hash)) return succeed(staff, [null])
    }
    return fail(null, null)
  }

  return {
    verifyPin: (staffId, pin) => oneAtATime(() => verifyPin(staffId, pin)),
    verifyPinForAnyStaff: (pin) => oneAtATime(() => verifyPinForAnyStaff(pin)),
    clearLock: (staffId) => clearFailures(store, staffId),
  }
}
