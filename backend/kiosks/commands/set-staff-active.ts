import { inTransaction, type Queryable } from '../../db/transaction.ts'
import type { Actor } from '../../auth/actor.ts'
import { AppError } from '../../errors.ts'
import { recordAudit } from '../../audit/record-audit.ts'

/** Deactivates (or reactivates) a staff member: kiosks drop (or get) them at the next pull. */
export const setStaffActive = (
  db: Queryable,
  props: { merchantId: string; staffId: string; active: boolean; actor: Actor },
) =>
  inTransaction(db, async (trx) => {
    const updated = await trx('staff')
      .where({ id: props.staffId, merchant_id: props.merchantId })
      .update({ active: props.active, updated_at: trx.fn.now() })
    if (!updated) throw new AppError('STAFF_NOT_FOUND')
    await recordAudit(trx, {
      actor: props.actor,
      merchantId: props.merchantId,
      action: props.active ? 'staff.activate' : 'staff.deactivate',
      subjectType: 'staff',
      subjectId: props.staffId,
    })
  })
