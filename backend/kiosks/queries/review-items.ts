import type { Knex } from 'knex'
import type { z } from 'zod'
import type { ReviewListQuery, ReviewPage } from '../../../shared/schemas/review-api.ts'
import { inStores, type MerchantScope } from '../../policies/scope.ts'
import {
  presentReviewItem,
  presentReviewOutcome,
  type ReviewItemRow,
  type ReviewOutcomeRow,
} from '../review-presenters.ts'

const CARD_NUMBER = `o.payload -> 'payload' ->> 'card_number'`

/** The review items of the scope (a store manager's: their stores' kiosks), waiting or decided. */
const itemsOf = (db: Knex, scope: MerchantScope) =>
  db('kiosk_operations as o')
    .join('kiosks as k', 'k.id', 'o.kiosk_id')
    .join('stores as s', 's.id', 'k.store_id')
    .where({ 'k.merchant_id': scope.merchantId, 'o.outcome': 'review' })
    .modify(inStores('k.store_id', scope))

const ITEM_COLUMNS = (db: Knex) => [
  'o.review_id',
  'o.kiosk_id',
  'k.name as kiosk_name',
  'k.store_id',
  's.name as store_name',
  's.currency as store_currency',
  'o.client_id',
  'o.type',
  'o.payload',
  'rw.name as reward_name',
  'rw.cost as reward_cost',
  'st.name as staff_name',
  db.raw(`${CARD_NUMBER} AS card_number`),
  'c.points_balance',
  'c.stamps_balance',
  'o.occurred_at',
  'o.recorded_at',
  'o.error',
  'o.decision',
  'o.decided_by_type',
  'o.decided_by_id',
  'mu.name as decided_by_name',
  'o.decision_reason',
  'o.resolved_at',
  'w.points as write_off_points',
  'w.stamps as write_off_stamps',
  'o.version',
]

const withDetails = (db: Knex, query: Knex.QueryBuilder) =>
  query
    .leftJoin('cards as c', (j) =>
      j.on('c.merchant_id', 'k.merchant_id').andOn('c.number', db.raw(CARD_NUMBER)),
    )
    .leftJoin('staff as st', (j) =>
      j
        .on('st.merchant_id', 'k.merchant_id')
        .andOn(db.raw(`st.id::text = o.payload ->> 'staff_id'`)),
    )
    .leftJoin('rewards as rw', (j) =>
      j
        .on('rw.merchant_id', 'k.merchant_id')
        .andOn(
          db.raw(`o.type = 'redeem' AND rw.id::text = o.payload -> 'payload' ->> 'reward_id'`),
        ),
    )
    .leftJoin('merchant_users as mu', (j) =>
      j.on(db.raw(`o.decided_by_type = 'merchant_user' AND mu.id::text = o.decided_by_id`)),
    )
    .leftJoin('write_offs as w', 'w.review_id', 'o.review_id')

/**
 * One page of the review queue: waiting items oldest first (the first to settle), or decided
 * ones newest first; with how many wait and since when, whatever the page.
 */
export const listReviewItems = async (
  db: Knex,
  scope: MerchantScope,
  query: ReviewListQuery,
): Promise<z.input<typeof ReviewPage>> => {
  const waiting = query.status === 'waiting'
  const [rows, [counts], [waitingNow]] = await Promise.all([
    withDetails(
      db,
      itemsOf(db, scope)
        .modify((q) => void (waiting ? q.whereNull('o.decision') : q.whereNotNull('o.decision')))
        .orderBy(
          waiting
            ? [
                { column: 'o.occurred_at', order: 'asc' },
                { column: 'o.review_id', order: 'asc' },
              ]
            : [
                { column: 'o.resolved_at', order: 'desc' },
                { column: 'o.review_id', order: 'asc' },
              ],
        )
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page),
    ).select<ReviewItemRow[]>(ITEM_COLUMNS(db)),
    itemsOf(db, scope)
      .modify((q) => void (waiting ? q.whereNull('o.decision') : q.whereNotNull('o.decision')))
      .count<{ n: string }[]>({ n: '*' }),
    itemsOf(db, scope)
      .whereNull('o.decision')
      .select<{ n: string; oldest: Date | null }[]>(
        db.raw('count(*) AS n'),
        db.raw('min(o.occurred_at) AS oldest'),
      ),
  ])
  const total = Number(counts?.n ?? 0)
  return {
    data: rows.map(presentReviewItem),
    meta: {
      page: query.page,
      per_page: query.per_page,
      total,
      total_pages: Math.max(1, Math.ceil(total / query.per_page)),
      waiting: Number(waitingNow?.n ?? 0),
      oldest_waiting_at: waitingNow?.oldest ? waitingNow.oldest.toISOString() : null,
    },
  }
}

/** One review item of the scope, with its details (null: none, or out of the scope's reach). */
export const loadReviewItem = async (db: Knex, scope: MerchantScope, reviewId: string) => {
  const row = await withDetails(db, itemsOf(db, scope).where('o.review_id', reviewId)).first<
    ReviewItemRow | undefined
  >(ITEM_COLUMNS(db))
  return row ? presentReviewItem(row) : null
}

/** How long decisions stay in a kiosk's sync answer (as long as it keeps answered operations). */
const OUTCOMES_FOR_DAYS = 7

/** The merchant's decisions on a kiosk's review items of the last week, newest first. */
export const reviewOutcomesOf = async (db: Knex, kioskId: string) =>
  (
    await db('kiosk_operations as o')
      .leftJoin('write_offs as w', 'w.review_id', 'o.review_id')
      .where('o.kiosk_id', kioskId)
      .whereNotNull('o.resolved_at')
      .where('o.resolved_at', '>', db.raw(`now() - make_interval(days => ?)`, [OUTCOMES_FOR_DAYS]))
      .orderBy('o.resolved_at', 'desc')
      .limit(200)
      .select<ReviewOutcomeRow[]>(
        'o.client_id',
        'o.type',
        db.raw(`${CARD_NUMBER} AS card_number`),
        'o.decision',
        'o.decision_reason',
        'o.resolved_at',
        'w.points as write_off_points',
        'w.stamps as write_off_stamps',
      )
  ).map(presentReviewOutcome)
