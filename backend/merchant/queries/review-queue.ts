import type { Knex } from 'knex'
import type { MerchantScope } from '../../policies/scope.ts'
import { presentReviewItem, type ReviewQueue, type ReviewRow } from '../presenters.ts'

/**
 * The operations waiting for the merchant's review (outcome `review`, not resolved), newest
 * first, at most `limit`, with the total and when the oldest happened; a store manager's are
 * those of their stores' kiosks.
 */
export const listOperationsForReview = async (
  db: Knex,
  scope: MerchantScope,
  options: { limit?: number } = {},
): Promise<ReviewQueue> => {
  const base = () =>
    db('kiosk_operations as o')
      .join('kiosks as k', 'k.id', 'o.kiosk_id')
      .join('stores as s', 's.id', 'k.store_id')
      .where({ 'k.merchant_id': scope.merchantId, 'o.outcome': 'review' })
      .whereNull('o.resolved_at')
      .modify((query) => {
        if (scope.storeIds) void query.whereIn('k.store_id', scope.storeIds)
      })
  const [rows, total] = await Promise.all([
    base()
      .orderBy([
        { column: 'o.occurred_at', order: 'desc' },
        { column: 'o.client_id', order: 'asc' },
      ])
      .limit(options.limit ?? 50)
      .select<ReviewRow[]>(
        'o.kiosk_id',
        'o.client_id',
        'k.name as kiosk_name',
        's.name as store_name',
        'o.type',
        'o.occurred_at',
        'o.recorded_at',
        db.raw(`o.payload -> 'payload' ->> 'card_number' AS card_number`),
        'o.error',
      ),
    base().select<{ n: string; oldest: Date | null }[]>(
      db.raw('count(*) AS n'),
      db.raw('min(o.occurred_at) AS oldest'),
    ),
  ])
  return {
    total: Number(total[0]?.n ?? 0),
    oldestAt: total[0]?.oldest ?? null,
    items: rows.map(presentReviewItem),
  }
}
