import { inTransaction, type Queryable } from '../../db/transaction.ts'
import { freshPinStart } from './record-pin-success.ts'
import type { Actor } from '../../auth/actor.ts'
import { AppError } from '../../errors.ts'
import { recordAudit } from '../../audit/record-audit.ts'

/**
 * The merchant lifts a PIN lock (the same PIN): the failures count from now, and the kiosks of
 * the staff member's stores get the unlocked PIN with the staff list of their next pull.
 */
export const unlockStaffPin = (
  db: Queryable,
  props: { merchantId: string; staffId: string; actor: Actor },
) =>
  inTransaction(db, async (trx) => {
    const [before] = await trx('staff')
      .where({ id: props.staffId, merchant_id: props.merchantId })
      .forUpdate()
      .select('pin_locked_at', 'failed_pin_attempts')
    if (!before) throw new AppError('STAFF_NOT_FOUND')
    await trx('staff')
      .where('id', props.staffId)
      .update({ ...freshPinStart(trx), updated_at: trx.fn.now() })
    await recordAudit(trx, {
      actor: props.actor,
      merchantId: props.merchantId,
      action: 'staff.unlock_pin',
      subjectType: 'staff',
      subjectId: props.staffId,
      data: {
        was_locked: before.pin_locked_at !== null,
        failed_pin_attempts: before.failed_pin_attempts,
      },
    })
  })
