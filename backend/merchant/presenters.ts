import type { LocalizedText } from '../../shared/languages.ts'
import { ERROR_CODES, type ErrorCode } from '../../shared/errors.ts'
import type { ProgrammeRow, RewardRow } from '../loyalty/models.ts'
import type { SiteUrls } from '../web/site/urls.ts'

// Rows → what the merchant pages show (plain camelCase objects, no database row in a view).

export type KioskStatus = 'pending' | 'active' | 'revoked'

/** The columns of a kiosk, with its store, that the Kiosks page reads. */
export type MerchantKioskRow = {
  id: string
  name: string
  store_id: string
  store_name: string
  store_code: string
  status: KioskStatus
  app_version: string | null
  last_seen_at: Date | null
  last_sync_at: Date | null
  queue_length: number | null
  oldest_pending_at: Date | null
  clock_skew_ms: number | null
  pin_failures_today: number
  paired_at: Date | null
  revoked_at: Date | null
  created_at: Date
}

/** A kiosk as its merchant sees it on the Kiosks page (pair, watch, revoke). */
export type MerchantKiosk = {
  id: string
  name: string
  storeId: string
  storeName: string
  storeCode: string
  status: KioskStatus
  appVersion: string | null
  /** Last request of any kind (pairing, sync). */
  lastSeenAt: Date | null
  lastSyncAt: Date | null
  /** Operations still in the kiosk's outbox after its last sync, as it reported them. */
  queueLength: number | null
  /** When the oldest of those happened (null: none waits, or not reported). */
  oldestPendingAt: Date | null
  /** The kiosk's clock minus the server's at its last sync (ms). */
  clockSkewMs: number | null
  /** Failed PINs it reported today (its store's day). */
  pinFailuresToday: number
  pairedAt: Date | null
  revokedAt: Date | null
  createdAt: Date
}

export const presentMerchantKiosk = (row: MerchantKioskRow): MerchantKiosk => ({
  id: row.id,
  name: row.name,
  storeId: row.store_id,
  storeName: row.store_name,
  storeCode: row.store_code,
  status: row.status,
  appVersion: row.app_version,
  lastSeenAt: row.last_seen_at,
  lastSyncAt: row.last_sync_at,
  queueLength: row.queue_length,
  oldestPendingAt: row.oldest_pending_at,
  clockSkewMs: row.clock_skew_ms,
  pinFailuresToday: row.pin_failures_today,
  pairedAt: row.paired_at,
  revokedAt: row.revoked_at,
  createdAt: row.created_at,
})

/** A kiosk operation waiting for review, with its kiosk, store and the card it named. */
export type ReviewRow = {
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

export type ReviewQueue = { items: ReviewItem[]; total: number; oldestAt: Date | null }

const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)

/** The reason is shown only for an error code the pages know (others: no reason). */
export const presentReviewItem = (row: ReviewRow): ReviewItem => {
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
}

/** The columns of a store that the dashboard reads. */
export type OverviewStoreRow = {
  id: string
  code: string
  name: string
  city: string | null
  active: boolean
  subdomain: string | null
  custom_domain: string | null
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

/** A store with its storefront's addresses, from the store's canonical URLs. */
export const presentOverviewStore = (
  store: OverviewStoreRow,
  urls: Pick<SiteUrls, 'absolute'>,
): OverviewStore => ({
  id: store.id,
  code: store.code,
  name: store.name,
  city: store.city,
  active: store.active,
  storefrontUrl: urls.absolute('home'),
  joinUrl: urls.absolute('join'),
})

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

/** The live (or paused) programme with its active rewards. */
export const presentOverviewProgramme = (
  programme: ProgrammeRow & { status: 'active' | 'paused' },
  rewards: Pick<RewardRow, 'id' | 'name' | 'cost'>[],
): OverviewProgramme => ({
  name: programme.name,
  type: programme.type,
  status: programme.status,
  pointsPerCurrencyUnit: programme.points_per_currency_unit,
  stampsRequired: programme.stamps_required,
  welcomeBonus: programme.welcome_bonus,
  cooldownMinutes: programme.cooldown_minutes,
  dailyCap: programme.daily_cap,
  expiryMonths: programme.expiry_months,
  rewards: rewards.map((reward) => ({ id: reward.id, name: reward.name, cost: reward.cost })),
})
