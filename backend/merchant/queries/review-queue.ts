import type { Knex } from 'knex'
import { ERROR_CODES, type ErrorCode } from '../../../shared/errors.ts'
import type { MerchantScope } from './merchant-overview.ts'

/** A kiosk operation the server could not apply as the kiosk did offline (docs/architecture.md, Kiosks: outcome `review`). */
export type ReviewItem = {
  kioskId: string
  clientId: string
  kioskName: string
  storeName: string
  /** enroll, earn, stamp, redeem or reverse. */
  type: string
  occurredAt: Date
  recordedAt: Date
  cardNumber: string | null
  reason: { code: ErrorCode; details: Record<string, unknown> } | null
}

export type ReviewQueue = { items: ReviewItem[]; total: number }

const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)

type Row = {
  kiosk_id: string
  client_id: string
  kiosk_name: string
  store_name: string
  type: string
  occurred_at: Date
  recorded_at: Date
  card_number: string | null
  error: { code?: unknown; details?: unknown } | null
}

/**
 * The operations waiting for the merchant's review (outcome `review`, not resolved), newest
 * first, at most `limit`, with the total; a store manager's are those of their stores' kiosks.
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
      .select<Row[]>(
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
    base().count<{ n: string }[]>({ n: '*' }),
  ])
  return {
    total: Number(total[0]?.n ?? 0),
    items: rows.map((row) => {
      const code = row.error?.code
      const details = row.error?.details
      return {
        kioskId: row.kiosk_id,
        clientId: row.client_id,
        kioskName: row.kiosk_name,
        storeName: row.store_name,
        type: row.type,
        occurredAt: row.occurred_at,
        recordedAt: row.recorded_at,
        cardNumber: row.card_number,
        reason: isErrorCode(code)
          ? {
              code,
              details:
                details && typeof details === 'object' ? (details as Record<string, unknown>) : {},
            }
          : null,
      }
    }),
  }
}
