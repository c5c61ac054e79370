import type { Knex } from 'knex'
import type { z } from 'zod'
import type { Alert, AlertListQuery, AlertPage } from '../../../shared/schemas/alerts-api.ts'
import type { Queryable } from '../../db/transaction.ts'
import { inStores, type MerchantScope } from '../../policies/scope.ts'

export type AlertRow = Omit<Alert, 'raised_at' | 'acknowledged_at'> & {
  raised_at: Date
  acknowledged_at: Date | null
}

const iso = (value: Date | null) => (value ? value.toISOString() : null)

export const presentAlert = (row: AlertRow): Alert => ({
  id: row.id,
  kind: row.kind,
  store_id: row.store_id,
  store_name: row.store_name,
  kiosk_id: row.kiosk_id,
  kiosk_name: row.kiosk_name,
  card_id: row.card_id,
  card_number: row.card_number,
  details: row.details,
  raised_at: row.raised_at.toISOString(),
  acknowledged_at: iso(row.acknowledged_at),
  acknowledged_by_type: row.acknowledged_by_type,
  acknowledged_by_id: row.acknowledged_by_id,
  acknowledged_by_name: row.acknowledged_by_name,
  version: row.version,
})

/**
 * The alerts of the scope: a store manager's are those about their stores (a kiosk's store, a
 * card's home store); an alert about no store (a card without a home store) is merchant-wide.
 */
const alertsOf = (db: Queryable, scope: MerchantScope) =>
  db('alerts as a')
    .where('a.merchant_id', scope.merchantId)
    .modify((query) => {
      if (scope.storeIds)
        void query.where((q) => void q.whereNull('a.store_id').modify(orInStores(scope)))
    })

const orInStores = (scope: MerchantScope) => (query: Knex.QueryBuilder) =>
  void query.orWhere((q) => void q.modify(inStores('a.store_id', scope)))

const COLUMNS = [
  'a.id',
  'a.kind',
  'a.store_id',
  's.name as store_name',
  'a.kiosk_id',
  'k.name as kiosk_name',
  'a.card_id',
  'c.number as card_number',
  'a.details',
  'a.raised_at',
  'a.acknowledged_at',
  'a.acknowledged_by_type',
  'a.acknowledged_by_id',
  'mu.name as acknowledged_by_name',
  'a.version',
]

const withDetails = (db: Queryable, query: Knex.QueryBuilder) =>
  query
    .leftJoin('stores as s', 's.id', 'a.store_id')
    .leftJoin('kiosks as k', 'k.id', 'a.kiosk_id')
    .leftJoin('cards as c', 'c.id', 'a.card_id')
    .leftJoin('merchant_users as mu', (j) =>
      j.on(
        db.raw(`a.acknowledged_by_type = 'merchant_user' AND mu.id::text = a.acknowledged_by_id`),
      ),
    )

/** How many alerts of the scope wait to be acknowledged (the dashboard's count). */
export const countOpenAlerts = async (db: Queryable, scope: MerchantScope): Promise<number> => {
  const [row] = await alertsOf(db, scope)
    .whereNull('a.acknowledged_at')
    .count<{ n: string }[]>({ n: '*' })
  return Number(row?.n ?? 0)
}

/** One page of the scope's alerts: open ones newest first, or acknowledged ones newest first. */
export const listAlerts = async (
  db: Knex,
  scope: MerchantScope,
  query: AlertListQuery,
): Promise<z.input<typeof AlertPage>> => {
  const open = query.status === 'open'
  const filter = (q: Knex.QueryBuilder) =>
    void (open ? q.whereNull('a.acknowledged_at') : q.whereNotNull('a.acknowledged_at'))
  const [rows, [counts], openNow] = await Promise.all([
    withDetails(
      db,
      alertsOf(db, scope)
        .modify(filter)
        .orderBy([
          { column: open ? 'a.raised_at' : 'a.acknowledged_at', order: 'desc' },
          { column: 'a.id', order: 'asc' },
        ])
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page),
    ).select<AlertRow[]>(COLUMNS),
    alertsOf(db, scope).modify(filter).count<{ n: string }[]>({ n: '*' }),
    countOpenAlerts(db, scope),
  ])
  const total = Number(counts?.n ?? 0)
  return {
    data: rows.map(presentAlert),
    meta: {
      page: query.page,
      per_page: query.per_page,
      total,
      total_pages: Math.max(1, Math.ceil(total / query.per_page)),
      open: openNow,
    },
  }
}

/** One alert of the scope, with its details (null: none, or out of the scope's reach). */
export const loadAlert = async (db: Queryable, scope: MerchantScope, alertId: string) => {
  const row = await withDetails(db, alertsOf(db, scope).where('a.id', alertId)).first<
    AlertRow | undefined
  >(COLUMNS)
  return row ? presentAlert(row) : null
}
