import type { Knex } from 'knex'
import type { LocalizedText } from '../../../shared/languages.ts'
import type { Config } from '../../config.ts'
import { canonicalStoreUrls } from '../../web/site/urls.ts'

import { inStores, type MerchantScope } from '../../policies/scope.ts'

export type OverviewStats = {
  /** Cards of the merchant (for a store manager: enrolled at their stores). */
  members: number
  /** Points (or stamps) given in the last 30 days: earnings, welcome bonuses, positive adjustments. */
  issued: number
  redemptions: number
  activeKiosks: number
}

export type OverviewStore = {
  id: string
  code: string
  name: string
  city: string | null
  active: boolean
  /** The storefront's address as customers get it (canonical host form). */
  storefrontUrl: string
  joinUrl: string
}

export type OverviewProgramme = {
  name: LocalizedText
  type: 'points' | 'stamps'
  status: 'active' | 'paused'
  pointsPerCurrencyUnit: number
  stampsRequired: number | null
  welcomeBonus: number
  cooldownMinutes: number
  dailyCap: number | null
  expiryMonths: number | null
  rewards: { id: string; name: LocalizedText; cost: number }[]
}

export type MerchantOverview = {
  merchant: { id: string; name: string }
  stats: OverviewStats
  stores: OverviewStore[]
  programme: OverviewProgramme | null
}

type StoreRow = {
  id: string
  code: string
  name: string
  city: string | null
  active: boolean
  subdomain: string | null
  custom_domain: string | null
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
      .select<StoreRow[]>('id', 'code', 'name', 'city', 'active', 'subdomain', 'custom_domain'),
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
    stores: stores.map((store) => {
      const urls = canonicalStoreUrls(store, { base_domain: merchant.base_domain }, config)
      return {
        id: store.id,
        code: store.code,
        name: store.name,
        city: store.city,
        active: store.active,
        storefrontUrl: urls.absolute('home'),
        joinUrl: urls.absolute('join'),
      }
    }),
    programme: programme
      ? {
          name: programme.name,
          type: programme.type,
          status: programme.status,
          pointsPerCurrencyUnit: programme.points_per_currency_unit,
          stampsRequired: programme.stamps_required,
          welcomeBonus: programme.welcome_bonus,
          cooldownMinutes: programme.cooldown_minutes,
          dailyCap: programme.daily_cap,
          expiryMonths: programme.expiry_months,
          rewards: rewards.map((reward) => ({
            id: reward.id,
            name: reward.name,
            cost: reward.cost,
          })),
        }
      : null,
  }
}
