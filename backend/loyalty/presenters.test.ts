import { describe, expect, it } from 'vitest'
import { CardDetail, LedgerEntryView } from '../../shared/schemas/loyalty-api.ts'
import { presentCardDetail, presentLedgerEntry } from './presenters.ts'
import type { CardRow, ProgrammeRow, RewardRow } from './models.ts'
import type { CustomerRow } from '../accounts/models.ts'

const at = new Date('2026-10-01T08:30:00Z')

const customer: CustomerRow = {
  id: '7d1e1b0c-1d2e-4f3a-8b4c-5d6e7f8a9b0c',
  merchant_id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e01',
  email: 'marie.schmit@example.lu',
  name: 'Marie Schmit',
  phone: '+352 621 123 456',
  birthday: '1988-04-12',
  preferred_language: 'fr',
  marketing_consent: true,
  marketing_consent_at: at,
  anonymized_at: null,
  created_at: at,
  updated_at: at,
}

const card: CardRow = {
  id: '0ec6696c-595d-49c0-97da-2b3195ab980c',
  number: '102422499029',
  merchant_id: customer.merchant_id,
  customer_id: customer.id,
  programme_id: '3b4c5d6e-7f80-4912-a3b4-c5d6e7f80901',
  status: 'active',
  points_balance: 180,
  stamps_balance: 0,
  lifetime_points: 430,
  lifetime_stamps: 0,
  enrolled_store_id: null,
  enroll_client_id: null,
  enroll_request_hash: null,
  last_earn_at: at,
  last_activity_at: at,
  created_at: at,
  updated_at: at,
}

const programme = {
  id: card.programme_id,
  merchant_id: card.merchant_id,
  type: 'points',
  name: { en: 'Fashion Points', fr: 'Points Fashion' },
  terms: { en: 'Terms' },
  terms_url: null,
  points_per_currency_unit: 1,
  stamps_required: null,
  welcome_bonus: 50,
  cooldown_minutes: 5,
  daily_cap: null,
  expiry_months: 24,
  status: 'active',
  version: 1,
  created_at: at,
  updated_at: at,
} satisfies ProgrammeRow

const reward = (id: string, cost: number, active = true): RewardRow => ({
  id,
  merchant_id: card.merchant_id,
  programme_id: card.programme_id,
  name: { en: `Reward ${cost}` },
  description: {},
  cost,
  active,
  position: 0,
  version: 1,
})

describe('card presenter', () => {
  it('keeps every stored customer field, phone and birthday included', () => {
    const view = presentCardDetail({
      card,
      customer,
      programme,
      rewards: [
        reward('4c5d6e7f-8091-4a23-b4c5-d6e7f8091a01', 100),
        reward('4c5d6e7f-8091-4a23-b4c5-d6e7f8091a02', 250),
        reward('4c5d6e7f-8091-4a23-b4c5-d6e7f8091a03', 50, false),
      ],
      enrolledStoreCode: 'FASHIONHUB',
    })
    expect(CardDetail.parse(view)).toEqual(view)
    expect(view.customer).toEqual({
      id: customer.id,
      email: 'marie.schmit@example.lu',
      name: 'Marie Schmit',
      phone: '+352 621 123 456',
      birthday: '1988-04-12',
      preferred_language: 'fr',
      marketing_consent: true,
      created_at: '2026-10-01T08:30:00.000Z',
    })
    expect(view.rewards.map((r) => [r.cost, r.affordable])).toEqual([
      [100, true],
      [250, false],
    ])
    expect(view.next_reward).toEqual({
      reward_id: '4c5d6e7f-8091-4a23-b4c5-d6e7f8091a02',
      missing: 70,
    })
    expect(view.enrolled_store_code).toBe('FASHIONHUB')
  })
})

describe('ledger entry presenter', () => {
  it('presents every field the history shows, with ISO times and the store name', () => {
    const view = presentLedgerEntry({
      id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
      merchant_id: card.merchant_id,
      card_id: card.id,
      type: 'earn',
      points_delta: 89,
      stamps_delta: 0,
      points_balance_after: 139,
      stamps_balance_after: 0,
      amount_cents: 8_950,
      currency: 'EUR',
      category_id: null,
      reward_id: null,
      store_id: null,
      device_id: null,
      staff_id: null,
      api_key_id: null,
      reason: 'purchase',
      client_id: 'c1e00000-0000-4000-8000-000001000100',
      request_hash: 'x',
      occurred_at: at,
      recorded_at: at,
      status: 'applied',
      reversal_of: null,
      metadata: {},
      store_code: 'FASHIONHUB',
      store_name: 'FashionHub',
    })
    expect(LedgerEntryView.parse(view)).toEqual(view)
    expect(view).toMatchObject({
      amount_cents: 8_950,
      currency: 'EUR',
      store_name: 'FashionHub',
      occurred_at: '2026-10-01T08:30:00.000Z',
    })
  })
})
