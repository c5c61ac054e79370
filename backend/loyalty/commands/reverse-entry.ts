import type { Queryable } from '../../db/transaction.ts'
import type { Actor } from '../../auth/actor.ts'
import { AppError } from '../../errors.ts'
import { recordMovement } from '../ledger.ts'
import { LedgerEntry, type LedgerEntryRow } from '../models.ts'
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
    plan: async (_context, tx) => {
      // Re-read under the card lock: a concurrent reversal may have just committed.
      const [original] = await tx.query<LedgerEntryRow>(
        'SELECT * FROM ledger_entries WHERE id = $1',
        [props.entryId],
        'ledger_reverse_original',
      )
      if (!original) throw new AppError('ENTRY_NOT_FOUND')
      if (original.status === 'reversed') {
        const [by] = await tx.query<{ id: string }>(
          'SELECT id FROM ledger_entries WHERE reversal_of = $1',
          [original.id],
        )
        throw new AppError('ALREADY_REVERSED', {
          entry_id: original.id,
          reversed_by: by?.id ?? null,
        })
      }
      if (original.status !== 'applied' || !REVERSIBLE.includes(original.type))
        throw new AppError('NOT_REVERSIBLE')
      const wasEarning = original.type === 'earn' || original.type === 'stamp'
      // Undoing an earning gives the cooldown clock back to the earning before it.
      const previousEarning = wasEarning
        ? await tx.query<{ at: Date | null }>(
            `SELECT max(occurred_at) AS at FROM ledger_entries
              WHERE card_id = $1 AND status = 'applied' AND type IN ('earn', 'stamp') AND id <> $2
                AND (points_delta > 0 OR stamps_delta > 0)`,
            [original.card_id, original.id],
          )
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
        ...(previousEarning ? { lastEarnAt: previousEarning[0]?.at ?? null } : {}),
      }
    },
    after: async (entry, context, tx) => {
      await tx.query("UPDATE ledger_entries SET status = 'reversed' WHERE id = $1", [props.entryId])
      await recordAudit(tx, {
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
