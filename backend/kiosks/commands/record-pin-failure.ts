import { inTransaction, type Queryable } from '../../db/transaction.ts'
import { AppError } from '../../errors.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { loadMerchantKioskSettings } from '../merchant-settings.ts'

/** A failure counts when it occurred after the latest reset (a correct PIN, the merchant's). */
const COUNTS = '(pin_failures_since IS NULL OR pin_failures_since < ?)'
const isCounted = (since: Date | null, at: Date) => since === null || since.getTime() < at.getTime()

/**
 * A failed PIN attempt reported by a kiosk (docs/lessons.md #15). Counted per staff member across
 * all kiosks since the latest correct PIN (record-pin-success.ts) or the merchant's unlock or new
 * PIN; at the merchant's threshold the PIN locks everywhere. With no staff id (nobody's PIN
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
    let counted = false
    if (props.staffId) {
      const settings = await loadMerchantKioskSettings(trx, props.merchantId)
      const [staff] = await trx('staff')
        .where({ id: props.staffId, merchant_id: props.merchantId })
        .update({
          // Evaluated on the row as it is when the update runs (after a concurrent correct PIN).
          failed_pin_attempts: trx.raw(
            `CASE WHEN ${COUNTS} THEN failed_pin_attempts + 1 ELSE failed_pin_attempts END`,
            [props.at],
          ),
          pin_locked_at: trx.raw(
            `CASE WHEN pin_locked_at IS NULL AND ${COUNTS} AND failed_pin_attempts + 1 >= ? THEN now() ELSE pin_locked_at END`,
            [props.at, settings.pin_lock_threshold],
          ),
          updated_at: trx.fn.now(),
        })
        .returning(['failed_pin_attempts', 'pin_locked_at', 'pin_failures_since'])
      if (!staff) throw new AppError('STAFF_NOT_FOUND')
      locked = staff.pin_locked_at !== null
      counted = isCounted(staff.pin_failures_since, props.at)
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
        counted,
        locked,
      },
    })
    return { locked }
  })
