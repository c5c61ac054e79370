import { z } from 'zod'
import type { FieldError } from '../../../shared/errors.ts'
import { inTransaction, type Queryable } from '../../db/transaction.ts'
import type { Actor } from '../../auth/actor.ts'
import { AppError } from '../../errors.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { inStores } from '../../policies/scope.ts'
import { loadMerchantKioskSettings } from '../merchant-settings.ts'
import { pinFieldErrors } from '../pin-policy.ts'
import { hashPin } from '../pin-hash.ts'

export const CASHIER_NAME_MAX_LENGTH = 100

/**
 * A new cashier: a name, one or more of the merchant's open stores (codes) — within `storeIds`
 * when given (a store manager's: the stores the staff policy lets them give a cashier) — and a
 * PIN of the merchant's length that is not trivial (bcrypt hash only). Every field's problem
 * at once (VALIDATION_FAILED), nothing saved unless all are right.
 */
export const createStaff = (
  db: Queryable,
  props: {
    merchantId: string
    storeIds?: string[] | null
    name: string
    storeCodes: readonly string[]
    pin: string
    actor: Actor
  },
) =>
  inTransaction(db, async (trx) => {
    const stores: { id: string; code: string }[] = await trx('stores')
      .where({ merchant_id: props.merchantId, active: true })
      .modify(inStores('id', { merchantId: props.merchantId, storeIds: props.storeIds ?? null }))
      .whereIn('code', props.storeCodes)
      .select('id', 'code')
    const settings = await loadMerchantKioskSettings(trx, props.merchantId)
    const fields: FieldError[] = []
    const name = z.string().trim().min(1).max(CASHIER_NAME_MAX_LENGTH).safeParse(props.name)
    if (!name.success) fields.push({ path: 'name', code: 'invalid' })
    if (stores.length === 0 || stores.length !== new Set(props.storeCodes).size)
      fields.push({ path: 'stores', code: 'invalid' })
    fields.push(...pinFieldErrors(props.pin, settings.pin_length))
    if (fields.length > 0 || !name.success) throw new AppError('VALIDATION_FAILED', { fields })
    const [staff] = await trx('staff')
      .insert({
        merchant_id: props.merchantId,
        name: name.data,
        pin_hash: await hashPin(props.pin),
        pin_changed_at: trx.fn.now(),
      })
      .returning(['id'])
    await trx('staff_stores').insert(
      stores.map((s) => ({ merchant_id: props.merchantId, staff_id: staff.id, store_id: s.id })),
    )
    await recordAudit(trx, {
      actor: props.actor,
      merchantId: props.merchantId,
      action: 'staff.create',
      subjectType: 'staff',
      subjectId: staff.id,
      data: { name: name.data, stores: stores.map((s) => s.code) },
    })
    return { id: staff.id as string }
  })
