import { inTransaction, type Queryable } from '../../db/transaction.ts'
import { AppError } from '../../errors.ts'

/**
 * A correct PIN reported by a kiosk: the staff member's failures count again from its time, so
 * mistypes spread over a working life never add up to a lock. A locked PIN stays locked (only
 * the merchant lifts a lock). Times decide, not arrival: failures that occurred after this PIN —
 * reported earlier by another kiosk — still count, and a correct PIN older than the latest reset
 * changes nothing. The staff row is locked first, so a failure reported at the same time is
 * either counted here or counted after.
 */
export const recordPinSuccess = (
  db: Queryable,
  props: { merchantId: string; staffId: string; at: Date },
) =>
  inTransaction(db, async (trx) => {
    const staff = await trx('staff')
      .where({ id: props.staffId, merchant_id: props.merchantId })
      .forUpdate()
      .first('pin_locked_at', 'pin_failures_since', 'failed_pin_attempts')
    if (!staff) throw new AppError('STAFF_NOT_FOUND')
    if (staff.pin_locked_at !== null) return { reset: false, locked: true }
    const since = staff.pin_failures_since as Date | null
    if (since !== null && since.getTime() >= props.at.getTime())
      return { reset: false, locked: false }
    // Nothing counted now means nothing counted after this PIN either: the usual correct PIN
    // (most of them, on every kiosk) costs no look through the reported failures.
    const later =
      staff.failed_pin_attempts === 0
        ? 0
        : await countPinFailuresSince(trx, props.staffId, props.at)
    await trx('staff').where('id', props.staffId).update({
      failed_pin_attempts: later,
      pin_failures_since: props.at,
      updated_at: trx.fn.now(),
    })
    return { reset: true, locked: false }
  })

/** The failures of a staff member reported by kiosks (and counted) that occurred after `at`. */
export const countPinFailuresSince = async (db: Queryable, staffId: string, at: Date) => {
  const [row] = await db('kiosk_operations')
    .where({ type: 'pin_failed', outcome: 'applied' })
    .whereRaw(`payload->>'staff_id' = ?`, [staffId])
    .where('occurred_at', '>', at)
    .count<{ count: string }[]>({ count: '*' })
  return Number(row?.count ?? 0)
}

/**
 * The columns of a PIN given a fresh start by the merchant (a new PIN, an unlock): no failure
 * counts, the count starts again now, no lock.
 */
export const freshPinStart = (trx: Queryable) => ({
  failed_pin_attempts: 0,
  pin_failures_since: trx.fn.now(),
  pin_locked_at: null,
})
