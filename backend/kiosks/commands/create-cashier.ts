import type { Knex } from 'knex'
import { z } from 'zod'
import type { FieldError } from '../../../shared/errors.ts'
import { createStaff } from './create-staff.ts'
import { CASHIER_NAME_MAX_LENGTH, invalid, pinFieldErrors } from '../cashier-checks.ts'
import { loadMerchantKioskSettings } from '../merchant-settings.ts'
import { authorize } from '../../policies/policies.ts'
import { recordedActor, type Principal } from '../../policies/principal.ts'
import { inStores, merchantScope } from '../../policies/scope.ts'

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
