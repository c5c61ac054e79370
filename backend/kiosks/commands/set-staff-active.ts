import { inTransaction, type Queryable } from '../../db/transaction.ts'
import type { Actor } from '../../auth/actor.ts'
import { AppError } from '../../errors.ts'
import { recordAudit } from '../../audit/record-audit.ts'

/**
 * Deactivates (or reactivates) a staff member: kiosks drop (or get) them at the next pull. One
 * already so stays so, with no audit row (a second click changes nothing).
 */
export const setStaffActive = (
  db: Queryable,
  props: { merchantId: string; staffId: string; active: boolean; actor: Actor },
) =>
  inTransaction(db, async (trx) => {
    const before = await trx('staff')
      .where({ id: props.staffId, merchant_id: props.merchantId })
      .forUpdate()
      .first<{ active: boolean } | undefined>('active')
    if (!before) throw new AppError('STAFF_NOT_FOUND')
    if (before.active === props.active) return
    await trx('staff')
      .where('id', props.staffId)
      .update({ active: props.active, updated_at: trx.fn.now() })
    await recordAudit(trx, {
      actor: props.actor,
      merchantId: props.merchantId,
      action: props.active ? 'staff.activate' : 'staff.deactivate',
      subjectType: 'staff',
      subjectId: props.staffId,
    })
  })
