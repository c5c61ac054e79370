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
import { loadDashboardTiles } from '../../analytics/queries/dashboard-tiles.ts'

export type OverviewStats = {
  /** Cards of the merchant (for a store manager: enrolled at their stores). */
  members: number
  /**
   * Points (or stamps) of the live programme given in the last 30 local days: earnings, welcome
   * bonuses, positive adjustments (entries kept for review left out).
   */
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
  const [kiosks, stores, programme] = await Promise.all([
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
  // From the analytics summaries and the few rows after their cursor: flat in the ledger's size.
  const tiles = await loadDashboardTiles(db, scope, {
    days: RECENT_DAYS,
    programmeId: programme?.id ?? null,
  })
  const rewards = programme
    ? await db('rewards')
        .where({ programme_id: programme.id, active: true })
        .orderBy(['position', 'cost'])
        .select('id', 'name', 'cost')
    : []
  return {
    merchant: { id: merchant.id, name: merchant.name },
    stats: {
      members: tiles.members,
      issued: tiles.issued,
      redemptions: tiles.redemptions,
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
