import type { Knex } from 'knex'
import { setStaffPin } from './set-staff-pin.ts'
import { invalid, pinFieldErrors, reachableCashier } from '../cashier-checks.ts'
import { loadMerchantKioskSettings } from '../merchant-settings.ts'
import type { StaffMember } from '../queries/staff.ts'
import { recordedActor, type Principal } from '../../policies/principal.ts'

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
