import type { Knex } from 'knex'
import type { FieldError } from '../../shared/errors.ts'
import { pinProblem } from '../../shared/staff-pin.ts'
import { AppError } from '../errors.ts'
import { authorize } from '../policies/policies.ts'
import type { Principal } from '../policies/principal.ts'
import { merchantScope } from '../policies/scope.ts'
import { findStaffMember, type StaffMember } from './queries/staff.ts'

// What the cashier commands (commands/*-cashier*.ts) check: a cashier's name, a new PIN, and
// whether the principal reaches the cashier at hand (out of reach is NOT_FOUND).

export const CASHIER_NAME_MAX_LENGTH = 100

/** The field error of a new PIN (`pin`: invalid_format, or why it is too weak), or none. */
export const pinFieldErrors = (pin: unknown, length: number, path = 'pin'): FieldError[] => {
  if (typeof pin !== 'string') return [{ path, code: 'invalid_format' }]
  const problem = pinProblem(pin, length)
  if (!problem) return []
  return [{ path, code: problem.code === 'PIN_TOO_WEAK' ? problem.reason : 'invalid_format' }]
}

export const invalid = (fields: FieldError[]) => new AppError('VALIDATION_FAILED', { fields })

/** The cashier, when the principal may take `action` on them; NOT_FOUND otherwise. */
export const reachableCashier = async (
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
