import { describe, expect, it } from 'vitest'
import { CustomerListItem, CustomerRecord } from '../../../shared/schemas/customer-api.ts'
import type { CardDetail } from '../../../shared/schemas/loyalty-api.ts'
import {
  presentCustomerListItem,
  presentCustomerRecord,
  presentMerchantEntry,
  type MerchantEntryRow,
} from './customer-presenters.ts'

// What the merchant's Customers pages and API show of a member (docs/lessons.md #2: the
// platform this replaces dropped phone and birthday from the card view although they were
// stored). Every field is checked, and each shape against its schema.

const at = new Date('2026-10-01T08:30:00Z')
const iso = at.toISOString()

const detail: CardDetail = {
  id: '0ec6696c-595d-49c0-97da-2b3195ab980c',
  number: '102422499029',
  status: 'active',
  points_balance: 180,
  stamps_balance: 0,
  lifetime_points: 430,
  lifetime_stamps: 0,
  enrolled_store_code: 'FASHIONHUB',
  last_earn_at: iso,
  last_activity_at: iso,
  created_at: iso,
  customer: {
    id: '7d1e1b0c-1d2e-4f3a-8b4c-5d6e7f8a9b0c',
    email: 'marie.schmit@example.lu',
    name: 'Marie Schmit',
    phone: '+352 621 123 456',
    birthday: '1988-04-12',
    preferred_language: 'fr',
    marketing_consent: true,
    created_at: iso,
  },
  programme: {
    id: '3b4c5d6e-7f80-4912-a3b4-c5d6e7f80901',
    type: 'points',
    name: { en: 'Fashion Points' },
    status: 'active',
    stamps_required: null,
    cooldown_minutes: 5,
    daily_cap: null,
  },
  rewards: [],
  next_reward: null,
}

describe('the merchant’s view of a member', () => {
  it('keeps phone and birthday, and adds the version, anonymization and home store', () => {
    const record = presentCustomerRecord(detail, {
      version: 4,
      anonymized_at: null,
      enrolled_store_id: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c01',
      home_store_name: 'FashionHub',
    })
    expect(CustomerRecord.parse(record)).toEqual(record)
    expect(record.customer).toEqual({
      ...detail.customer,
      phone: '+352 621 123 456',
      birthday: '1988-04-12',
      version: 4,
      anonymized_at: null,
    })
    expect(record).toMatchObject({
      home_store_id: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c01',
      home_store_name: 'FashionHub',
      lifetime_points: 430,
    })
  })

  it('lists a member with phone, consent, home store and balances', () => {
    const item = presentCustomerListItem({
      number: detail.number,
      status: 'blocked',
      points_balance: 180,
      stamps_balance: 0,
      enrolled_store_id: null,
      last_activity_at: at,
      created_at: at,
      customer_id: detail.customer.id,
      name: 'Marie Schmit',
      email: 'marie.schmit@example.lu',
      phone: '+352 621 123 456',
      marketing_consent: true,
      anonymized_at: null,
      programme_type: 'points',
      home_store_name: null,
    })
    expect(CustomerListItem.parse(item)).toEqual(item)
    expect(item).toEqual({
      customer_id: detail.customer.id,
      card_number: detail.number,
      status: 'blocked',
      name: 'Marie Schmit',
      email: 'marie.schmit@example.lu',
      phone: '+352 621 123 456',
      marketing_consent: true,
      anonymized: false,
      programme_type: 'points',
      points_balance: 180,
      stamps_balance: 0,
      home_store_id: null,
      home_store_name: null,
      last_activity_at: iso,
      created_at: iso,
    })
  })

  it('names the kiosk, cashier, category and reward of an entry, and says when the API made it', () => {
    const entry = presentMerchantEntry({
      id: 'a1b2c3d4-0000-4000-8000-000000000001',
      merchant_id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e01',
      card_id: detail.id,
      type: 'earn',
      points_delta: 42,
      stamps_delta: 0,
      points_balance_after: 222,
      stamps_balance_after: 0,
      amount_cents: 4200,
      currency: 'EUR',
      category_id: 'a1b2c3d4-0000-4000-8000-000000000002',
      reward_id: null,
      store_id: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c01',
      device_id: 'a1b2c3d4-0000-4000-8000-000000000003',
      staff_id: 'a1b2c3d4-0000-4000-8000-000000000004',
      api_key_id: null,
      reason: null,
      client_id: 'a1b2c3d4-0000-4000-8000-000000000005',
      request_hash: 'x',
      occurred_at: at,
      recorded_at: at,
      status: 'applied',
      reversal_of: null,
      metadata: {},
      store_code: 'FASHIONHUB',
      store_name: 'FashionHub',
      kiosk_name: 'Till 1',
      staff_name: 'Zoé Keller',
      category_name: { en: 'Shoes' },
      reward_name: null,
    } as MerchantEntryRow)
    expect(entry).toMatchObject({
      store_name: 'FashionHub',
      kiosk_name: 'Till 1',
      staff_name: 'Zoé Keller',
      category_name: { en: 'Shoes' },
      amount_cents: 4200,
      via_api: false,
    })
  })
})
