import type { Queryable } from '../../db/transaction.ts'
import type { Actor } from '../../auth/actor.ts'
import { AppError } from '../../errors.ts'
import { recordMovement } from '../ledger.ts'
import { LedgerEntry } from '../models.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { gained } from '../ledger.ts'

export type ReverseEntryProps = {
  merchantId: string
  entryId: string
  clientId: string
  reason: string
  storeCode?: string | undefined
  actor: Actor
  staffId?: string | undefined
  deviceId?: string | undefined
  requestId?: string | undefined
}

const REVERSIBLE: ReadonlyArray<LedgerEntry['type']> = [
  'earn',
  'stamp',
  'redeem',
  'welcome_bonus',
  'adjust',
]

/**
 * Undo or refund: a compensating entry with the opposite deltas; the original is kept and
 * marked `reversed`. A second reversal of the same entry is ALREADY_REVERSED (also enforced by a
 * unique index on reversal_of). Reversing an earning whose points were spent is refused.
 */
export const reverseEntry = async (db: Queryable, props: ReverseEntryProps) => {
  // An entry never changes card, so it can be found before the card is locked.
  const target = await LedgerEntry.query(db).findOne({
    id: props.entryId,
    merchant_id: props.merchantId,
  })
  if (!target) throw new AppError('ENTRY_NOT_FOUND')
  return recordMovement(db, {
    merchantId: props.merchantId,
    card: { cardId: target.card_id },
    storeCode: props.storeCode ?? null,
    clientId: props.clientId,
    actor: props.actor,
    staffId: props.staffId ?? null,
    deviceId: props.deviceId ?? null,
    operation: 'reverse',
    payload: { entry_id: props.entryId, reason: props.reason },
    plan: async (context, trx) => {
      // Re-read under the card lock: a concurrent reversal may have just committed.
      const original = await LedgerEntry.query(trx).findById(props.entryId).forUpdate()
      if (!original) throw new AppError('ENTRY_NOT_FOUND')
      if (original.status === 'reversed') {
        const by = await trx('ledger_entries').where('reversal_of', original.id).first('id')
        throw new AppError('ALREADY_REVERSED', {
          entry_id: original.id,
          reversed_by: by?.id ?? null,
        })
      }
      if (original.status !== 'applied' || !REVERSIBLE.includes(original.type))
        throw new AppError('NOT_REVERSIBLE')
      const wasEarning = original.type === 'earn' || original.type === 'stamp'
      const lastEarnAt = wasEarning
        ? (((
            await trx('ledger_entries')
              .where({ card_id: original.card_id, status: 'applied' })
              .whereIn('type', ['earn', 'stamp'])
              .whereNot('id', original.id)
              .where((q) => q.where('points_delta', '>', 0).orWhere('stamps_delta', '>', 0))
              .max('occurred_at as at')
              .first()
          )?.at as Date | null) ?? null)
        : undefined
      return {
        type: 'reverse',
        pointsDelta: -original.points_delta,
        stampsDelta: -original.stamps_delta,
        reversalOf: original.id,
        rewardId: original.reward_id,
        categoryId: original.category_id,
        amountCents: original.amount_cents,
        reason: props.reason,
        lifetime: {
          points: -gained(original.type, original.points_delta),
          stamps: -gained(original.type, original.stamps_delta),
        },
        ...(lastEarnAt !== undefined ? { lastEarnAt } : {}),
      }
    },
    after: async (entry, context, trx) => {
      await trx('ledger_entries').where('id', props.entryId).update({ status: 'reversed' })
      await recordAudit(trx, {
        actor: props.actor,
        merchantId: props.merchantId,
        action: 'ledger.reverse',
        subjectType: 'ledger_entry',
        subjectId: props.entryId,
        data: { reversal_id: entry.id, card_id: context.card.id, reason: props.reason },
        requestId: props.requestId,
      })
    },
  })
}
