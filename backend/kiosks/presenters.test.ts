import { describe, expect, it } from 'vitest'
import {
  CardSnapshot,
  CategorySnapshot,
  KioskSnapshot,
  ProgrammeSnapshot,
  RewardSnapshot,
  StaffSnapshot,
} from '../../shared/schemas/kiosk-snapshots.ts'
import {
  presentCardSnapshot,
  presentCategorySnapshot,
  presentKioskSnapshot,
  presentProgrammeSnapshot,
  presentRewardSnapshot,
  presentStaffSnapshot,
} from './presenters.ts'
import { MerchantKioskSettings } from './merchant-settings.ts'

const PROGRAMME = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c01'

describe('kiosk snapshot presenters', () => {
  it('sends a card with its times as ISO text, in the shape the kiosk parses', () => {
    const card = presentCardSnapshot({
      id: '0b9f3c1e-7a52-4c1d-9d0e-2f5b8a6c4d01',
      number: '482910375561',
      status: 'active',
      programme_id: PROGRAMME,
      points_balance: 120,
      stamps_balance: 0,
      last_earn_at: new Date('2026-11-20T08:00:00Z'),
      customer_name: 'Marie Schmit',
      preferred_language: 'fr',
      last_activity_at: new Date('2026-11-21T09:30:00.250Z'),
      home: true,
    })
    expect(card.last_earn_at).toBe('2026-11-20T08:00:00.000Z')
    expect(card.last_activity_at).toBe('2026-11-21T09:30:00.250Z')
    expect(CardSnapshot.parse(card)).toEqual(card)
  })

  it('sends every rule of the programme the kiosk decides offline with', () => {
    const programme = presentProgrammeSnapshot({
      id: PROGRAMME,
      type: 'points',
      name: { en: 'Fashion points', fr: 'Points mode' },
      status: 'paused',
      points_per_currency_unit: 1,
      stamps_required: null,
      welcome_bonus: 50,
      cooldown_minutes: 5,
      daily_cap: 500,
    })
    expect(ProgrammeSnapshot.parse(programme)).toEqual(programme)
    expect(Object.keys(programme).sort()).toEqual(Object.keys(ProgrammeSnapshot.shape).sort())
  })

  it('sends rewards, categories and staff as the kiosk keeps them', () => {
    const reward = presentRewardSnapshot({
      id: '4c5d6e7f-8091-4a23-b4c5-d6e7f8091a01',
      programme_id: PROGRAMME,
      name: { en: 'Tote bag' },
      cost: 100,
      active: true,
    })
    const category = presentCategorySnapshot({
      id: '5d6e7f80-91a2-4b34-85d6-e7f8091a2b01',
      code: 'shoes',
      name: { en: 'Shoes' },
      active: false,
    })
    const staff = presentStaffSnapshot({
      id: '6e7f8091-a2b3-4c45-96e7-f8091a2b3c01',
      name: 'Ana',
      pin_hash: '$2b$10$hash',
      pin_changed_at: null,
      locked: true,
    })
    expect(RewardSnapshot.parse(reward)).toEqual(reward)
    expect(CategorySnapshot.parse(category)).toEqual(category)
    expect(StaffSnapshot.parse(staff)).toEqual({ ...staff, pin_changed_at: null })
  })

  it("sends the kiosk's status with the merchant's offline limits and idle lock", () => {
    const kiosk = presentKioskSnapshot(
      'active',
      MerchantKioskSettings.parse({ idle_lock_minutes: 3, max_offline_redemption_points: 40 }),
    )
    expect(kiosk).toEqual({
      status: 'active',
      offline_limits: {
        max_offline_minutes_for_redemptions: 1440,
        max_offline_redemption_points: 40,
      },
      idle_lock_minutes: 3,
    })
    expect(KioskSnapshot.parse(kiosk)).toEqual(kiosk)
  })
})
