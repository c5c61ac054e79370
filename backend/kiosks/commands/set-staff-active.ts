import { inTransaction, type Queryable } from '../../db/transaction.ts'
import type { Actor } from '../../auth/actor.ts'
import { AppError } from '../../errors.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { editConflict, versionedUpdate } from '../../db/versioned-update.ts'

/**
 * Deactivates (or reactivates) a staff member from the version the merchant saw (a stale one is
 * EDIT_CONFLICT, even when nothing would change): kiosks drop (or get) them at the next pull.
 * One already so stays so, with no audit row and no new version.
 */
export const setStaffActive = (
  db: Queryable,
  props: { merchantId: string; staffId: string; version: number; active: boolean; actor: Actor },
) =>
  inTransaction(db, async (trx) => {
    const target = {
      subject: 'staff' as const,
      merchantId: props.merchantId,
      id: props.staffId,
      version: props.version,
    }
    const before = await trx('staff')
      .where({ id: props.staffId, merchant_id: props.merchantId })
      .forUpdate()
      .first<{ active: boolean; version: number } | undefined>('active', 'version')
    if (!before) throw new AppError('STAFF_NOT_FOUND')
    if (before.version !== props.version) throw editConflict(target, before.version)
    if (before.active === props.active) return
    await versionedUpdate(trx, { ...target, changes: { active: props.active } })
    await recordAudit(trx, {
      actor: props.actor,
      merchantId: props.merchantId,
      action: props.active ? 'staff.activate' : 'staff.deactivate',
      subjectType: 'staff',
      subjectId: props.staffId,
      data: { before: { active: before.active }, after: { active: props.active } },
    })
  })
