import type { z } from 'zod'
import type { ReviewOutcome } from '../../shared/schemas/kiosk-answers.ts'
import type { ReviewItem } from '../../shared/schemas/review-api.ts'

// The review queue's items as the API, the merchant's Review page and the kiosk's sync answer
// show them (shared/schemas/review-api.ts, kiosk-answers.ts ReviewOutcome), field by field.

const iso = (value: Date | null) => (value ? value.toISOString() : null)

/** A kiosk_operations row in review with its kiosk, store, cashier and card. */
export type ReviewItemRow = {
  review_id: string
  kiosk_id: string
  kiosk_name: string
  store_id: string
  store_name: string
  store_currency: string
  client_id: string
  type: string
  /** The operation as the kiosk sent it (its `payload` is what it decided). */
  payload: { payload?: Record<string, unknown>; staff_id?: string | null }
  reward_name: Record<string, string> | null
  reward_cost: number | null
  staff_name: string | null
  card_number: string | null
  points_balance: number | null
  stamps_balance: number | null
  occurred_at: Date
  recorded_at: Date
  error: { code: string; details?: Record<string, unknown> } | null
  decision: 'applied' | 'dismissed' | null
  decided_by_type: string | null
  decided_by_id: string | null
  decided_by_name: string | null
  decision_reason: string | null
  resolved_at: Date | null
  write_off_points: number | null
  write_off_stamps: number | null
  version: number
}

const writeOffOf = (row: Pick<ReviewItemRow, 'write_off_points' | 'write_off_stamps'>) =>
  row.write_off_points === null && row.write_off_stamps === null
    ? null
    : { points: row.write_off_points ?? 0, stamps: row.write_off_stamps ?? 0 }

export const presentReviewItem = (row: ReviewItemRow): z.input<typeof ReviewItem> => ({
  id: row.review_id,
  kiosk_id: row.kiosk_id,
  kiosk_name: row.kiosk_name,
  store_id: row.store_id,
  store_name: row.store_name,
  store_currency: row.store_currency,
  client_id: row.client_id,
  type: row.type,
  operation: row.payload.payload ?? {},
  reward_name: row.reward_name,
  reward_cost: row.reward_cost,
  staff_id: row.payload.staff_id ?? null,
  staff_name: row.staff_name,
  card_number: row.card_number,
  points_balance: row.points_balance,
  stamps_balance: row.stamps_balance,
  occurred_at: row.occurred_at.toISOString(),
  recorded_at: row.recorded_at.toISOString(),
  error: row.error ? { code: row.error.code, details: row.error.details ?? {} } : null,
  decision: row.decision,
  decided_by_type: row.decided_by_type,
  decided_by_id: row.decided_by_id,
  decided_by_name: row.decided_by_name,
  decision_reason: row.decision_reason,
  resolved_at: iso(row.resolved_at),
  write_off: writeOffOf(row),
  version: row.version,
})

/** A decided item of one kiosk, as its sync answer carries it. */
export type ReviewOutcomeRow = Pick<
  ReviewItemRow,
  'client_id' | 'type' | 'card_number' | 'decision_reason' | 'write_off_points' | 'write_off_stamps'
> & { decision: 'applied' | 'dismissed'; resolved_at: Date }

export const presentReviewOutcome = (row: ReviewOutcomeRow): z.input<typeof ReviewOutcome> => ({
  client_id: row.client_id,
  type: row.type,
  card_number: row.card_number,
  decision: row.decision,
  reason: row.decision_reason,
  decided_at: row.resolved_at.toISOString(),
  write_off: writeOffOf(row),
})
