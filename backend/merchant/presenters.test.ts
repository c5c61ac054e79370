import { describe, expect, it } from 'vitest'
import type { ProgrammeRow } from '../loyalty/models.ts'
import { canonicalStoreUrls } from '../web/site/urls.ts'
import {
  presentMerchantKiosk,
  presentOverviewProgramme,
  presentOverviewStore,
  presentReviewItem,
  type MerchantKioskRow,
  type ReviewRow,
} from './presenters.ts'

const created = new Date('2026-09-01T07:00:00Z')
const paired = new Date('2026-09-01T07:04:00Z')
const seen = new Date('2026-10-01T08:30:00Z')
const synced = new Date('2026-10-01T08:29:00Z')

describe('merchant kiosk presenter', () => {
  const row: MerchantKioskRow = {
    id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
    name: 'Till 1',
    store_id: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
    store_name: 'FashionHub Gare',
    store_code: 'FASHIONHUB',
    status: 'active',
    app_version: '1.4.2',
    last_seen_at: seen,
    last_sync_at: synced,
    queue_length: 3,
    oldest_pending_at: seen,
    clock_skew_ms: -180_000,
    pin_failures_today: 2,
    paired_at: paired,
    revoked_at: null,
    created_at: created,
  }

  it('keeps every column: store, status, version, queue and each time', () => {
    expect(presentMerchantKiosk(row)).toStrictEqual({
      id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
      name: 'Till 1',
      storeId: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
      storeName: 'FashionHub Gare',
      storeCode: 'FASHIONHUB',
      status: 'active',
      appVersion: '1.4.2',
      lastSeenAt: seen,
      lastSyncAt: synced,
      queueLength: 3,
      oldestPendingAt: seen,
      clockSkewMs: -180_000,
      pinFailuresToday: 2,
      pairedAt: paired,
      revokedAt: null,
      createdAt: created,
    })
  })
})

describe('review item presenter', () => {
  const row: ReviewRow = {
    kiosk_id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
    client_id: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
    kiosk_name: 'Till 1',
    store_name: 'FashionHub Gare',
    type: 'redeem',
    occurred_at: created,
    recorded_at: seen,
    card_number: '102422499029',
    error: { code: 'INSUFFICIENT_POINTS', details: { balance: 40, cost: 100 } },
  }

  it('keeps the kiosk, store, card, times and the reason with its details', () => {
    expect(presentReviewItem(row)).toStrictEqual({
      kioskId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
      clientId: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
      kioskName: 'Till 1',
      storeName: 'FashionHub Gare',
      type: 'redeem',
      occurredAt: created,
      recordedAt: seen,
      cardNumber: '102422499029',
      reason: { code: 'INSUFFICIENT_POINTS', details: { balance: 40, cost: 100 } },
    })
  })

  it('gives no reason for an unknown code, and empty details when there are none', () => {
    expect(presentReviewItem({ ...row, error: { code: 'NO_SUCH_CODE' } }).reason).toBeNull()
    expect(presentReviewItem({ ...row, error: null }).reason).toBeNull()
    expect(presentReviewItem({ ...row, error: { code: 'CARD_BLOCKED' } }).reason).toEqual({
      code: 'CARD_BLOCKED',
      details: {},
    })
  })
})

describe('dashboard store presenter', () => {
  it('keeps the store and gives its storefront and join page at their canonical address', () => {
    const store = {
      id: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
      code: 'FASHIONHUB',
      name: 'FashionHub Gare',
      city: 'Luxembourg',
      active: true,
      subdomain: 'fashionhub',
      custom_domain: null,
    }
    const urls = canonicalStoreUrls(
      store,
      { base_domain: 'rewardflow.lu' },
      { baseUrl: 'https://rewardflow.lu', hostRouting: true },
    )
    expect(presentOverviewStore(store, urls)).toStrictEqual({
      id: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
      code: 'FASHIONHUB',
      name: 'FashionHub Gare',
      city: 'Luxembourg',
      active: true,
      storefrontUrl: urls.absolute('home'),
      joinUrl: urls.absolute('join'),
    })
    expect(urls.absolute('join')).toContain('fashionhub.rewardflow.lu')
  })
})

describe('dashboard programme presenter', () => {
  const programme = {
    id: '3b4c5d6e-7f80-4912-a3b4-c5d6e7f80901',
    merchant_id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e01',
    type: 'points',
    name: { en: 'Fashion Points', fr: 'Points Fashion' },
    terms: { en: 'Terms' },
    terms_url: null,
    points_per_currency_unit: 2,
    stamps_required: null,
    welcome_bonus: 50,
    cooldown_minutes: 5,
    daily_cap: 500,
    expiry_months: 24,
    status: 'paused',
    version: 1,
    created_at: created,
    updated_at: created,
  } satisfies ProgrammeRow

  it('keeps every rule of the programme and each reward', () => {
    const rewards = [
      { id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', name: { en: 'Tote bag' }, cost: 100 },
      { id: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e', name: { en: 'Voucher €10' }, cost: 250 },
    ]
    expect(presentOverviewProgramme(programme, rewards)).toStrictEqual({
      name: { en: 'Fashion Points', fr: 'Points Fashion' },
      type: 'points',
      status: 'paused',
      pointsPerCurrencyUnit: 2,
      stampsRequired: null,
      welcomeBonus: 50,
      cooldownMinutes: 5,
      dailyCap: 500,
      expiryMonths: 24,
      rewards,
    })
  })
})
