import { inTransaction, type Queryable } from '../../db/transaction.ts'
import { AppError } from '../../errors.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { loadMerchantKioskSettings } from '../merchant-settings.ts'

/**
 * A failed PIN attempt reported by a kiosk (docs/lessons.md #15). Counted per staff member across
 * all kiosks; at the merchant's threshold the PIN locks everywhere. With no staff id (nobody's PIN
 * matched) only the audit log records it.
 */
export const recordPinFailure = (
  db: Queryable,
  props: {
    merchantId: string
    kioskId: string
    staffId: string | null
    at: Date
    consecutive: number
  },
) =>
  inTransaction(db, async (trx) => {
    let locked = false
    if (props.staffId) {
      const settings = await loadMerchantKioskSettings(trx, props.merchantId)
      const [staff] = await trx('staff')
        .where({ id: props.staffId, merchant_id: props.merchantId })
        .update({
          failed_pin_attempts: trx.raw('failed_pin_attempts + 1'),
          pin_locked_at: trx.raw(
            'CASE WHEN pin_locked_at IS NULL AND failed_pin_attempts + 1 >= ? THEN now() ELSE pin_locked_at END',
            [settings.pin_lock_threshold],
          ),
          updated_at: trx.fn.now(),
        })
        .returning(['failed_pin_attempts', 'pin_locked_at'])
      if (!staff) throw new AppError('STAFF_NOT_FOUND')
      locked = staff.pin_locked_at !== null
    }
    await recordAudit(trx, {
      actor: { type: 'system', merchantId: props.merchantId, job: `kiosk:${props.kioskId}` },
      merchantId: props.merchantId,
      action: 'staff.pin_failed',
      subjectType: props.staffId ? 'staff' : 'kiosk',
      subjectId: props.staffId ?? props.kioskId,
      data: {
        kiosk_id: props.kioskId,
        at: props.at.toISOString(),
        consecutive: props.consecutive,
        locked,
      },
    })
    return { locked }
  })
