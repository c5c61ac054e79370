import type { Knex } from 'knex'
import { AppError } from '../errors.ts'
import { authorize } from '../policies/policies.ts'
import type { Principal } from '../policies/principal.ts'
import { merchantScope } from '../policies/scope.ts'
import { findStaffReach } from './queries/staff.ts'

/**
 * The cashier a route acts on, when the principal may take `action` on them (the policy asked
 * once, with the cashier's stores); NOT_FOUND otherwise — unknown, another merchant's, or
 * working in a store a manager does not run. Reads only what the policy needs.
 */
export const reachableCashier = async (
  db: Knex,
  principal: Principal,
  action: 'staff.update' | 'staff.pin.set' | 'staff.pin.unlock',
  staffId: string,
): Promise<{ merchantId: string; staffId: string }> => {
  const { merchantId } = merchantScope(principal)
  const reach = await findStaffReach(db, merchantId, staffId)
  if (!reach) throw new AppError('NOT_FOUND')
  authorize(principal, action, { merchantId, storeIds: reach.storeIds })
  return { merchantId, staffId: reach.id }
}
