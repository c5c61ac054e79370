import type { Knex } from 'knex'
import { unlockStaffPin } from './unlock-staff-pin.ts'
import { reachableCashier } from '../cashier-checks.ts'
import type { StaffMember } from '../queries/staff.ts'
import { recordedActor, type Principal } from '../../policies/principal.ts'

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
