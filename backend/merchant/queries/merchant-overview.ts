import type { Knex } from 'knex'
import type { Config } from '../../config.ts'
import { canonicalStoreUrls } from '../../web/site/urls.ts'
import {
  presentOverviewProgramme,
  presentOverviewStore,
  type OverviewProgramme,
  type OverviewStore,
  type OverviewStoreRow,
} from '../presenters.ts'
import { inStores, type MerchantScope } from '../../policies/scope.ts'

export type OverviewStats = {
  /** Cards of the merchant (for a store manager: enrolled at their stores). */
  members: number
  /** Points (or stamps) given in the last 30 days: earnings, welcome bonuses, positive adjustments. */
  issued: number
  redemptions: number
  activeKiosks: number
}

export type MerchantOverview = {
  merchant: { id: string; name: string }
  stats: OverviewStats
  stores: OverviewStore[]
  programme: OverviewProgramme | null
}

/** Days the "recent" tiles look back. */
export const RECENT_DAYS = 30

const count = (rows: { n: string | number | null }[]) => Number(rows[0]?.n ?? 0)

/**
 * What a merchant user's dashboard shows: the merchant, tiles for the last 30 days, the stores
 * with their storefront addresses, and the live programme with its active rewards.
 */
export const loadMerchantOverview = async (
  db: Knex,
  scope: MerchantScope,
  config: Pick<Config, 'baseUrl' | 'hostRouting'>,
): Promise<MerchantOverview> => {
  const merchant = await db('merchants as m')
    .join('platforms as p', 'p.id', 'm.platform_id')
    .where('m.id', scope.merchantId)
    .first('m.id', 'm.name', 'p.base_domain')
  const since = db.raw(`now() - make_interval(days => ?)`, [RECENT_DAYS])

  const [members, issued, redemptions, kiosks, stores, programme] = await Promise.all([
    db('cards')
      .where('merchant_id', scope.merchantId)
      .modify(inStores('enrolled_store_id', scope))
      .count({ n: '*' }),
    db('ledger_entries')
      .where({ merchant_id: scope.merchantId, status: 'applied' })
      .whereIn('type', ['earn', 'stamp', 'welcome_bonus', 'adjust'])
      .where('occurred_at', '>=', since)
      .modify(inStores('store_id', scope))
      .select(
        db.raw(
          'coalesce(sum(greatest(points_delta, 0)), 0) AS points, coalesce(sum(greatest(stamps_delta, 0)), 0) AS stamps',
        ),
      ),
    db('ledger_entries')
      .where({ merchant_id: scope.merchantId, type: 'redeem', status: 'applied' })
      .where('occurred_at', '>=', since)
      .modify(inStores('store_id', scope))
      .count({ n: '*' }),
    db('kiosks')
      .where({ merchant_id: scope.merchantId, status: 'active' })
      .modify(inStores('store_id', scope))
      .count({ n: '*' }),
    db('stores')
      .where('merchant_id', scope.merchantId)
      .modify(inStores('id', scope))
      .orderBy('name')
      .select<OverviewStoreRow[]>(
        'id',
        'code',
        'name',
        'city',
        'active',
        'subdomain',
        'custom_domain',
      ),
    db('programmes')
      .where('merchant_id', scope.merchantId)
      .whereIn('status', ['active', 'paused'])
      .first(),
  ])
  const rewards = programme
    ? await db('rewards')
        .where({ programme_id: programme.id, active: true })
        .orderBy(['position', 'cost'])
        .select('id', 'name', 'cost')
    : []
  const type: 'points' | 'stamps' = programme?.type ?? 'points'
  const totals = issued[0] as { points: string; stamps: string } | undefined
  return {
    merchant: { id: merchant.id, name: merchant.name },
    stats: {
      members: count(members),
      issued: Number((type === 'points' ? totals?.points : totals?.stamps) ?? 0),
      redemptions: count(redemptions),
      activeKiosks: count(kiosks),
    },
    stores: stores.map((store) =>
      presentOverviewStore(
        store,
        canonicalStoreUrls(store, { base_domain: merchant.base_domain }, config),
      ),
    ),
    programme: programme ? presentOverviewProgramme(programme, rewards) : null,
  }
}
