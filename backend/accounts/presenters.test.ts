import { describe, expect, it } from 'vitest'
import { LedgerEntryView } from '../../shared/schemas/loyalty-api.ts'
import type { CardRow } from '../loyalty/models.ts'
import type { EntryWithStore } from '../loyalty/presenters.ts'
import {
  presentCustomerExport,
  presentSessionAdmin,
  presentSessionCustomer,
  presentSessionMerchantUser,
  type ExportedCustomerRow,
  type SessionMerchantUserRow,
} from './presenters.ts'

const at = new Date('2026-10-01T08:30:00Z')
const later = new Date('2026-10-11T11:05:00Z')

const customer: ExportedCustomerRow = {
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
  updated_at: later,
  password_set_at: later,
  terms_accepted_at: at,
}

const card: CardRow = {
  id: '0ec6696c-595d-49c0-97da-2b3195ab980c',
  number: '102422499029',
  merchant_id: customer.merchant_id,
  customer_id: customer.id,
  programme_id: '3b4c5d6e-7f80-4912-a3b4-c5d6e7f80901',
  status: 'active',
  points_balance: 313,
  stamps_balance: 0,
  lifetime_points: 313,
  lifetime_stamps: 0,
  enrolled_store_id: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c01',
  enroll_client_id: null,
  enroll_request_hash: null,
  last_earn_at: later,
  last_activity_at: later,
  created_at: at,
  updated_at: later,
}

const entry: EntryWithStore = {
  id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c01',
  merchant_id: card.merchant_id,
  card_id: card.id,
  type: 'earn',
  points_delta: 129,
  stamps_delta: 0,
  points_balance_after: 313,
  stamps_balance_after: 0,
  amount_cents: 12_990,
  currency: 'EUR',
  category_id: '5d6e7f80-91a2-4b34-85d6-e7f8091a2b01',
  reward_id: null,
  store_id: card.enrolled_store_id,
  device_id: null,
  staff_id: null,
  api_key_id: null,
  reason: null,
  client_id: 'c1e00000-0000-4000-8000-000001000102',
  request_hash: 'hash',
  occurred_at: later,
  recorded_at: later,
  status: 'applied',
  reversal_of: null,
  metadata: {},
  store_code: 'FASHIONHUB',
  store_name: 'FashionHub',
}

const exported = () =>
  presentCustomerExport({
    exportedAt: new Date('2026-11-21T10:00:00Z'),
    merchantName: 'Fashion Group S.A.',
    customer,
    cards: [
      {
        card,
        programme: { id: card.programme_id, type: 'points', name: { en: 'Fashion Points' } },
        enrolledStore: { code: 'FASHIONHUB', name: 'FashionHub' },
        entries: [entry],
      },
    ],
    sessions: [
      {
        created_at: at,
        last_seen_at: later,
        idle_expires_at: new Date('2026-11-28T10:00:00Z'),
        ip: '192.0.2.7',
        user_agent: 'Firefox',
      },
    ],
  })

describe('customer data export presenter', () => {
  it('describes itself and the merchant that holds the data', () => {
    const data = exported()
    expect(data.format).toBe('rewardflow.customer-export')
    expect(data.version).toBe(1)
    expect(data.exported_at).toBe('2026-11-21T10:00:00.000Z')
    expect(data.merchant).toEqual({ name: 'Fashion Group S.A.' })
  })

  it('keeps every stored profile field, phone and birthday included, and never a password', () => {
    const data = exported()
    expect(data.customer).toEqual({
      id: customer.id,
      email: 'marie.schmit@example.lu',
      name: 'Marie Schmit',
      phone: '+352 621 123 456',
      birthday: '1988-04-12',
      preferred_language: 'fr',
      marketing_consent: true,
      created_at: '2026-10-01T08:30:00.000Z',
      updated_at: '2026-10-11T11:05:00.000Z',
      password_set: true,
      password_set_at: '2026-10-11T11:05:00.000Z',
    })
    expect(JSON.stringify(data)).not.toContain('password_hash')
  })

  it('tells which consents were given and when', () => {
    expect(exported().consents).toEqual({
      terms_accepted_at: '2026-10-01T08:30:00.000Z',
      marketing_consent: true,
      marketing_consent_at: '2026-10-01T08:30:00.000Z',
    })
    const none = presentCustomerExport({
      exportedAt: at,
      merchantName: 'M',
      customer: {
        ...customer,
        marketing_consent: false,
        marketing_consent_at: null,
        terms_accepted_at: null,
        password_set_at: null,
      },
      cards: [],
      sessions: [],
    })
    expect(none.consents).toEqual({
      terms_accepted_at: null,
      marketing_consent: false,
      marketing_consent_at: null,
    })
    expect(none.customer.password_set).toBe(false)
    expect(none.cards).toEqual([])
    expect(none.sessions).toEqual({ count: 0, list: [] })
  })

  it('lists each card with its balances, programme, enrolling store and every ledger entry', () => {
    const [exportedCard] = exported().cards
    expect(exportedCard).toEqual({
      id: card.id,
      number: '102422499029',
      status: 'active',
      programme: { id: card.programme_id, type: 'points', name: { en: 'Fashion Points' } },
      points_balance: 313,
      stamps_balance: 0,
      lifetime_points: 313,
      lifetime_stamps: 0,
      enrolled_store: { code: 'FASHIONHUB', name: 'FashionHub' },
      last_earn_at: '2026-10-11T11:05:00.000Z',
      last_activity_at: '2026-10-11T11:05:00.000Z',
      created_at: '2026-10-01T08:30:00.000Z',
      entries: [
        {
          id: entry.id,
          type: 'earn',
          status: 'applied',
          points_delta: 129,
          stamps_delta: 0,
          points_balance_after: 313,
          stamps_balance_after: 0,
          amount_cents: 12_990,
          currency: 'EUR',
          store_code: 'FASHIONHUB',
          store_name: 'FashionHub',
          category_id: entry.category_id,
          reward_id: null,
          reason: null,
          reversal_of: null,
          client_id: entry.client_id,
          occurred_at: '2026-10-11T11:05:00.000Z',
          recorded_at: '2026-10-11T11:05:00.000Z',
        },
      ],
    })
    expect(LedgerEntryView.safeParse(exportedCard!.entries[0]).success).toBe(true)
  })

  it('counts the open sessions and tells where they were opened', () => {
    expect(exported().sessions).toEqual({
      count: 1,
      list: [
        {
          created_at: '2026-10-01T08:30:00.000Z',
          last_seen_at: '2026-10-11T11:05:00.000Z',
          expires_at: '2026-11-28T10:00:00.000Z',
          ip: '192.0.2.7',
          user_agent: 'Firefox',
        },
      ],
    })
  })
})

describe('signed-in account presenters', () => {
  it('keeps every field of a member: merchant, address, name and language', () => {
    expect(
      presentSessionCustomer({
        id: customer.id,
        merchant_id: customer.merchant_id,
        email: 'marie.schmit@example.lu',
        name: null,
        preferred_language: 'lb',
      }),
    ).toStrictEqual({
      id: customer.id,
      merchantId: customer.merchant_id,
      email: 'marie.schmit@example.lu',
      name: null,
      preferredLanguage: 'lb',
    })
  })

  const manager: SessionMerchantUserRow = {
    id: '4d5e6f70-8192-4a3b-8c4d-5e6f70819203',
    merchant_id: customer.merchant_id,
    email: 'paul.weber@fashionhub.lu',
    name: 'Paul Weber',
    role: 'manager',
    preferred_language: 'de',
    store_ids: ['2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f'],
  }

  it('keeps every field of a merchant user, with the stores a manager is limited to', () => {
    expect(presentSessionMerchantUser(manager)).toStrictEqual({
      id: '4d5e6f70-8192-4a3b-8c4d-5e6f70819203',
      merchantId: customer.merchant_id,
      email: 'paul.weber@fashionhub.lu',
      name: 'Paul Weber',
      role: 'manager',
      storeIds: ['2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f'],
      preferredLanguage: 'de',
    })
  })

  it('gives owners and managers without store limits every store (storeIds null)', () => {
    expect(presentSessionMerchantUser({ ...manager, store_ids: [] }).storeIds).toBeNull()
    expect(presentSessionMerchantUser({ ...manager, role: 'owner' }).storeIds).toBeNull()
  })

  it('keeps every field of an admin', () => {
    expect(
      presentSessionAdmin({
        id: '5e6f7081-92a3-4b4c-9d5e-6f708192a3b4',
        email: 'ops@rewardflow.lu',
        name: 'Ops',
        preferred_language: null,
      }),
    ).toStrictEqual({
      id: '5e6f7081-92a3-4b4c-9d5e-6f708192a3b4',
      email: 'ops@rewardflow.lu',
      name: 'Ops',
      preferredLanguage: null,
    })
  })
})
