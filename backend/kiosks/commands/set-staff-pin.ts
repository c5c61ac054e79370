import { inTransaction, type Queryable } from '../../db/transaction.ts'
import { freshPinStart } from './record-pin-success.ts'
import type { Actor } from '../../auth/actor.ts'
import { AppError } from '../../errors.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { loadMerchantKioskSettings } from '../merchant-settings.ts'
import { pinFieldErrors } from '../pin-policy.ts'
import { hashPin } from '../pin-hash.ts'

/**
 * A new PIN (the merchant's length, not trivial: else VALIDATION_FAILED naming `pin` and why):
 * unlocks the PIN and resets the failure count everywhere (kiosks get it on sync).
 */
export const setStaffPin = (
  db: Queryable,
  props: { merchantId: string; staffId: string; pin: string; actor: Actor },
) =>
  inTransaction(db, async (trx) => {
    const settings = await loadMerchantKioskSettings(trx, props.merchantId)
    const fields = pinFieldErrors(props.pin, settings.pin_length)
    if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields })
    const updated = await trx('staff')
      .where({ id: props.staffId, merchant_id: props.merchantId })
      .update({
        pin_hash: await hashPin(props.pin),
        pin_changed_at: trx.fn.now(),
        ...freshPinStart(trx),
        updated_at: trx.fn.now(),
      })
    if (!updated) throw new AppError('STAFF_NOT_FOUND')
    await recordAudit(trx, {
      actor: props.actor,
      merchantId: props.merchantId,
      action: 'staff.set_pin',
      subjectType: 'staff',
      subjectId: props.staffId,
    })
  })
