import { inTransaction, type Queryable } from '../../db/transaction.ts'
import { AppError } from '../../errors.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import type { Actor } from '../../auth/actor.ts'

/** Locks a kiosk out: its next request is answered 401 DEVICE_REVOKED, and it wipes itself. */
export const revokeKiosk = (
  db: Queryable,
  props: { merchantId: string; kioskId: string; actor: Actor },
) =>
  inTransaction(db, async (trx) => {
    const updated = await trx('kiosks')
      .where({ id: props.kioskId, merchant_id: props.merchantId })
      .whereNot('status', 'revoked')
      .update({
        status: 'revoked',
        revoked_at: trx.fn.now(),
        pairing_code_hash: null,
        updated_at: trx.fn.now(),
      })
    if (!updated) throw new AppError('NOT_FOUND')
    await recordAudit(trx, {
      actor: props.actor,
      merchantId: props.merchantId,
      action: 'kiosk.revoke',
      subjectType: 'kiosk',
      subjectId: props.kioskId,
    })
  })
