import type { Knex } from 'knex'
import { isUuid } from '../../../shared/schemas/common.ts'
import { inStores, type MerchantScope } from '../../policies/scope.ts'
import { presentMerchantKiosk, type MerchantKiosk, type MerchantKioskRow } from '../presenters.ts'

/** A store a merchant user may pair a kiosk for. */
export type PairableStore = { id: string; code: string; name: string }

const kiosksInScope = (db: Knex, scope: MerchantScope) =>
  db('kiosks as k')
    .join('stores as s', 's.id', 'k.store_id')
    .where('k.merchant_id', scope.merchantId)
    .modify(inStores('k.store_id', scope))

const COLUMNS = [
  'k.id',
  'k.name',
  'k.store_id',
  's.name as store_name',
  's.code as store_code',
  'k.status',
  'k.app_version',
  'k.last_seen_at',
  'k.last_sync_at',
  'k.queue_length',
  'k.oldest_pending_at',
  'k.clock_skew_ms',
  'k.paired_at',
  'k.revoked_at',
  'k.created_at',
]

/** Failed PINs the kiosk reported for today, in its store's time zone (what it already sends). */
const pinFailuresToday = (db: Knex) =>
  db.raw(`(SELECT count(*)::int FROM kiosk_operations po
            WHERE po.kiosk_id = k.id AND po.type = 'pin_failed'
              AND po.occurred_at >= date_trunc('day', now() AT TIME ZONE s.timezone) AT TIME ZONE s.timezone
          ) AS pin_failures_today`)

/**
 * The kiosks a merchant user sees: the merchant's, narrowed to a store manager's stores; the
 * working ones first (active, then pending), revoked last, each group by store and name.
 */
export const listMerchantKiosks = async (
  db: Knex,
  scope: MerchantScope,
): Promise<MerchantKiosk[]> => {
  const rows = await kiosksInScope(db, scope)
    .orderByRaw(`CASE k.status WHEN 'active' THEN 0 WHEN 'pending' THEN 1 ELSE 2 END`)
    .orderBy([
      { column: 's.name', order: 'asc' },
      { column: 'k.name', order: 'asc' },
      { column: 'k.created_at', order: 'asc' },
    ])
    .select<MerchantKioskRow[]>([...COLUMNS, pinFailuresToday(db)])
  return rows.map(presentMerchantKiosk)
}

/** One kiosk in the scope, or null (unknown, another merchant's, another store's, not a UUID). */
export const findMerchantKiosk = async (
  db: Knex,
  scope: MerchantScope,
  kioskId: string,
): Promise<MerchantKiosk | null> => {
  if (!isUuid(kioskId)) return null
  const row = await kiosksInScope(db, scope)
    .where('k.id', kioskId)
    .first<MerchantKioskRow | undefined>([...COLUMNS, pinFailuresToday(db)])
  return row ? presentMerchantKiosk(row) : null
}

/** The open stores in the scope: where a kiosk can be paired. */
export const listPairableStores = (db: Knex, scope: MerchantScope): Promise<PairableStore[]> =>
  db('stores')
    .where({ merchant_id: scope.merchantId, active: true })
    .modify(inStores('id', scope))
    .orderBy('name')
    .select<PairableStore[]>('id', 'code', 'name')

/** Everything the Kiosks page shows besides a code just created. */
export type KiosksPageData = {
  merchantName: string
  /** The names of the scope's stores (for a store manager's role line). */
  storeNames: string[]
  kiosks: MerchantKiosk[]
  stores: PairableStore[]
}

/**
 * What a merchant page needs around its own content: the merchant's name, the names of the
 * scope's stores (a store manager's role line) and its open stores (the store choices).
 */
export type MerchantPageFrame = Omit<KiosksPageData, 'kiosks'>

export const loadMerchantPageFrame = async (
  db: Knex,
  scope: MerchantScope,
): Promise<MerchantPageFrame> => {
  const [merchant, scopeStores] = await Promise.all([
    db('merchants').where('id', scope.merchantId).first<{ name: string }>('name'),
    db('stores')
      .where('merchant_id', scope.merchantId)
      .modify(inStores('id', scope))
      .orderBy('name')
      .select<(PairableStore & { active: boolean })[]>('id', 'code', 'name', 'active'),
  ])
  const storeNames = scopeStores.map((store) => store.name)
  const stores = scopeStores
    .filter((store) => store.active)
    .map(({ id, code, name }) => ({ id, code, name }))
  return { merchantName: merchant?.name ?? '', storeNames, stores }
}

export const loadKiosksPage = async (db: Knex, scope: MerchantScope): Promise<KiosksPageData> => {
  const [frame, kiosks] = await Promise.all([
    loadMerchantPageFrame(db, scope),
    listMerchantKiosks(db, scope),
  ])
  return { ...frame, kiosks }
}
