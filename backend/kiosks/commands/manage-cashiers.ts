import type { Knex } from 'knex'
import { z } from 'zod'
import type { FieldError } from '../../../shared/errors.ts'
import { pinProblem } from '../../../shared/staff-pin.ts'
import { AppError } from '../../errors.ts'
import { createStaff } from './create-staff.ts'
import { setStaffActive } from './set-staff-active.ts'
import { setStaffPin } from './set-staff-pin.ts'
import { unlockStaffPin } from './unlock-staff-pin.ts'
import { loadMerchantKioskSettings } from '../merchant-settings.ts'
import { findStaffMember, type StaffMember } from '../queries/staff.ts'
import { authorize } from '../../policies/policies.ts'
import { recordedActor, type Principal } from '../../policies/principal.ts'
import { inStores, merchantScope } from '../../policies/scope.ts'

// What a merchant user (or the merchant's API key) does to cashiers (the staff page, the staff API): each asks the policy
// with the cashier at hand — out of reach is NOT_FOUND — and runs one kiosks command, which
// writes its audit row in its transaction. Kiosks get every change with their next pull.

export const CASHIER_NAME_MAX_LENGTH = 100

/** The field error of a new PIN (`pin`: invalid_format, or why it is too weak), or none. */
const pinFieldErrors = (pin: unknown, length: number, path = 'pin'): FieldError[] => {
  if (typeof pin !== 'string') return [{ path, code: 'invalid_format' }]
  const problem = pinProblem(pin, length)
  if (!problem) return []
  return [{ path, code: problem.code === 'PIN_TOO_WEAK' ? problem.reason : 'invalid_format' }]
}

const invalid = (fields: FieldError[]) => new AppError('VALIDATION_FAILED', { fields })

/** The cashier, when the principal may take `action` on them; NOT_FOUND otherwise. */
const reachableCashier = async (
  db: Knex,
  principal: Principal,
  action: 'staff.read' | 'staff.update' | 'staff.pin.set' | 'staff.pin.unlock',
  staffId: string,
): Promise<StaffMember> => {
  const { merchantId } = merchantScope(principal)
  authorize(principal, action)
  const staff = await findStaffMember(db, merchantId, staffId)
  if (!staff) throw new AppError('NOT_FOUND')
  authorize(principal, action, { merchantId, storeIds: staff.stores.map((s) => s.id) })
  return staff
}

/**
 * A new cashier: a name, one or more stores within the user's reach (store codes), and a PIN
 * of the merchant's length that is not trivial. Every field's problem at once
 * (VALIDATION_FAILED), nothing saved unless all are right.
 */
export const createCashier = async (
  db: Knex,
  props: { principal: Principal; name: unknown; stores: unknown; pin: unknown },
): Promise<{ id: string }> => {
  const scope = merchantScope(props.principal)
  authorize(props.principal, 'staff.create')
  // The open stores within the principal's reach (a store manager's: theirs).
  const stores: { id: string; code: string }[] = await db('stores')
    .where({ merchant_id: scope.merchantId, active: true })
    .modify(inStores('id', scope))
    .select('id', 'code')
  const settings = await loadMerchantKioskSettings(db, scope.merchantId)
  const codes = Array.isArray(props.stores) ? props.stores : props.stores ? [props.stores] : []
  const fields: FieldError[] = []
  const name = z.string().trim().min(1).max(CASHIER_NAME_MAX_LENGTH).safeParse(props.name)
  if (!name.success) fields.push({ path: 'name', code: 'invalid' })
  const chosen = stores.filter((store) => codes.includes(store.code))
  if (chosen.length === 0 || chosen.length !== new Set(codes).size)
    fields.push({ path: 'stores', code: 'invalid' })
  fields.push(...pinFieldErrors(props.pin, settings.pin_length))
  if (fields.length > 0 || !name.success) throw invalid(fields)
  authorize(props.principal, 'staff.create', {
    merchantId: scope.merchantId,
    storeIds: chosen.map((s) => s.id),
  })
  return createStaff(db, {
    merchantId: scope.merchantId,
    name: name.data,
    storeCodes: chosen.map((s) => s.code),
    pin: props.pin as string,
    actor: recordedActor(props.principal),
  })
}

/** A new PIN for a cashier (the merchant's length, not trivial): unlocks it, counts from zero. */
export const resetCashierPin = async (
  db: Knex,
  props: { principal: Principal; staffId: string; pin: unknown },
): Promise<StaffMember> => {
  const staff = await reachableCashier(db, props.principal, 'staff.pin.set', props.staffId)
  const settings = await loadMerchantKioskSettings(db, staff.merchantId)
  const fields = pinFieldErrors(props.pin, settings.pin_length)
  if (fields.length > 0) throw invalid(fields)
  await setStaffPin(db, {
    merchantId: staff.merchantId,
    staffId: staff.id,
    pin: props.pin as string,
    actor: recordedActor(props.principal),
  })
  return staff
}

/** Lifts a cashier's PIN lock (same PIN); failures count from now. */
export const unlockCashierPin = async (
  db: Knex,
  props: { principal: Principal; staffId: string },
): Promise<StaffMember> => {
  const staff = await reachableCashier(db, props.principal, 'staff.pin.unlock', props.staffId)
  await unlockStaffPin(db, {
    merchantId: staff.merchantId,
    staffId: staff.id,
    actor: recordedActor(props.principal),
  })
  return staff
}

/** Deactivates (or reactivates) a cashier: the kiosks drop them at their next pull. */
export const setCashierActive = async (
  db: Knex,
  props: { principal: Principal; staffId: string; active: boolean },
): Promise<StaffMember> => {
  const staff = await reachableCashier(db, props.principal, 'staff.update', props.staffId)
  if (staff.active === props.active) return staff
  await setStaffActive(db, {
    merchantId: staff.merchantId,
    staffId: staff.id,
    active: props.active,
    actor: recordedActor(props.principal),
  })
  return staff
}
