import type { Knex } from 'knex'
import type { Actor } from '../../auth/actor.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { inTransaction, type Queryable } from '../../db/transaction.ts'
import { AppError } from '../../errors.ts'
import { authorize } from '../../policies/policies.ts'
import type { Principal } from '../../policies/principal.ts'
import { merchantScope } from '../../policies/scope.ts'
import type { ErrorCode } from '../../../shared/errors.ts'
import { KioskOperation } from '../../../shared/schemas/kiosk-api.ts'
import type { ReviewDecision, WriteOff } from '../../../shared/schemas/kiosk-answers.ts'
import { applyReviewedOperation } from '../apply-operation.ts'
import { loadReviewItem } from '../queries/review-items.ts'

/**
 * Why applying an item can be refused: the ledger's own rules, which still hold (a card blocked
 * since, a reward withdrawn, an earning inside the cooldown…). The item stays waiting.
 */
export const APPLY_REFUSALS = [
  'CARD_BLOCKED',
  'CARD_NOT_FOUND',
  'CARD_NUMBER_NOT_RESERVED',
  'CATEGORY_NOT_FOUND',
  'ENTRY_NOT_FOUND',
  'ALREADY_REVERSED',
  'NOT_REVERSIBLE',
  'UNDO_WINDOW_PASSED',
  'PROGRAM_INACTIVE',
  'PROGRAM_TYPE_MISMATCH',
  'POINTS_COOLDOWN',
  'STAMP_COOLDOWN',
  'DAILY_CAP_REACHED',
  'REWARD_NOT_FOUND',
  'REWARD_INACTIVE',
  'IDEMPOTENCY_CONFLICT',
] as const satisfies readonly ErrorCode[]

export type DecideReviewItemProps = {
  principal: Principal
  merchantId: string
  actor: Actor
  reviewId: string
  /** The item's version as the decider read it. */
  version: number
  /** Why (required to dismiss, a note when applying). */
  reason?: string | undefined
}

type LockedItem = {
  kiosk_id: string
  client_id: string
  payload: unknown
  occurred_at: Date
  decision: ReviewDecision | null
  resolved_at: Date | null
  version: number
  store_id: string
  store_code: string
}

/** The item under its row lock, with its kiosk's store; NOT_FOUND out of the principal's reach. */
const lockItem = async (trx: Knex.Transaction, props: DecideReviewItemProps) => {
  const item = await trx('kiosk_operations as o')
    .join('kiosks as k', 'k.id', 'o.kiosk_id')
    .join('stores as s', 's.id', 'k.store_id')
    .where({
      'o.review_id': props.reviewId,
      'k.merchant_id': props.merchantId,
      'o.outcome': 'review',
    })
    .forUpdate('o')
    .first<LockedItem | undefined>(
      'o.kiosk_id',
      'o.client_id',
      'o.payload',
      'o.occurred_at',
      'o.decision',
      'o.resolved_at',
      'o.version',
      'k.store_id',
      's.code as store_code',
    )
  if (!item) throw new AppError('NOT_FOUND')
  // A manager limited to some stores decides only the items of their stores' kiosks.
  authorize(props.principal, 'review.resolve', {
    merchantId: props.merchantId,
    storeId: item.store_id,
  })
  if (item.decision)
    throw new AppError('REVIEW_ALREADY_DECIDED', {
      decision: item.decision,
      decided_at: item.resolved_at!.toISOString(),
    })
  if (item.version !== props.version)
    throw new AppError('EDIT_CONFLICT', {
      subject: 'review_item',
      id: props.reviewId,
      version: props.version,
      current_version: item.version,
    })
  return item
}

/** Applies the operation as the kiosk decided it; a redemption's shortfall becomes a write-off. */
const applyItem = async (
  trx: Knex.Transaction,
  props: DecideReviewItemProps,
  item: LockedItem,
): Promise<{ entryId: string | null; writeOff: WriteOff | null }> => {
  const op = KioskOperation.parse(item.payload)
  const answer = await applyReviewedOperation(
    trx,
    {
      kioskId: item.kiosk_id,
      merchantId: props.merchantId,
      storeId: item.store_id,
      storeCode: item.store_code,
      actor: props.actor,
    },
    op,
    item.occurred_at,
  )
  if (answer.type !== 'redeem' || !answer.result) {
    const entry = answer.result && 'entry' in answer.result ? answer.result.entry : null
    return { entryId: entry?.id ?? null, writeOff: null }
  }
  const entry = answer.result.entry
  const written = await trx('ledger_entries')
    .where({ id: entry.id, merchant_id: props.merchantId })
    .first<{ card_id: string; reward_id: string | null; metadata: Record<string, unknown> }>(
      'card_id',
      'reward_id',
      'metadata',
    )
  const shortfall = written.metadata.write_off as Partial<WriteOff> | undefined
  if (!shortfall) return { entryId: entry.id, writeOff: null }
  const writeOff = { points: shortfall.points ?? 0, stamps: shortfall.stamps ?? 0 }
  await trx('write_offs').insert({
    merchant_id: props.merchantId,
    card_id: written.card_id,
    ledger_entry_id: entry.id,
    kiosk_id: item.kiosk_id,
    review_id: props.reviewId,
    reward_id: written.reward_id,
    points: writeOff.points,
    stamps: writeOff.stamps,
    actor_type: props.actor.type,
    actor_id: props.actor.type === 'system' ? null : props.actor.id,
  })
  return { entryId: entry.id, writeOff }
}

const decide = (db: Queryable, props: DecideReviewItemProps, decision: ReviewDecision) =>
  inTransaction(db, async (trx) => {
    const item = await lockItem(trx, props)
    const applied = decision === 'applied' ? await applyItem(trx, props, item) : null
    const reason = props.reason?.trim() || null
    await trx('kiosk_operations')
      .where({ kiosk_id: item.kiosk_id, client_id: item.client_id })
      .update({
        decision,
        decided_by_type: props.actor.type,
        decided_by_id: props.actor.type === 'system' ? null : props.actor.id,
        decision_reason: reason,
        decision_result: applied ? JSON.stringify({ entry_id: applied.entryId }) : null,
        resolved_at: trx.fn.now(),
        version: item.version + 1,
      })
    await recordAudit(trx, {
      actor: props.actor,
      merchantId: props.merchantId,
      action: decision === 'applied' ? 'review.apply' : 'review.dismiss',
      subjectType: 'review_item',
      subjectId: props.reviewId,
      data: {
        before: { decision: null },
        after: {
          decision,
          reason,
          ...(applied ? { entry_id: applied.entryId, write_off: applied.writeOff } : {}),
        },
      },
    })
    return (await loadReviewItem(trx, merchantScope(props.principal), props.reviewId))!
  })

/**
 * The merchant applies an operation a kiosk decided offline and the server could not apply:
 * through the normal ledger commands, as the kiosk decided it, in one transaction with the
 * decision and its audit row. A redemption the balance no longer covers (two kiosks spent the
 * same points offline) takes the balance to zero; the rest is the merchant's write-off.
 * Decided once: a second decision is REVIEW_ALREADY_DECIDED, a stale version EDIT_CONFLICT.
 */
export const applyReviewItem = (db: Queryable, props: DecideReviewItemProps) =>
  decide(db, props, 'applied')

/** The merchant dismisses an item (nothing reaches the ledger), with a reason; kept, decided. */
export const dismissReviewItem = (
  db: Queryable,
  props: DecideReviewItemProps & { reason: string },
) => decide(db, props, 'dismissed')
