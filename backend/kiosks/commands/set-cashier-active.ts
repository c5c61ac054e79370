import type { Knex } from 'knex'
import { setStaffActive } from './set-staff-active.ts'
import { reachableCashier } from '../cashier-checks.ts'
import type { StaffMember } from '../queries/staff.ts'
import { recordedActor, type Principal } from '../../policies/principal.ts'

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
