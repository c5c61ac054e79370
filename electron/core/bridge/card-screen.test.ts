import { describe, expect, it } from 'vitest'
import { CardScreenSchema } from '../../../shared/kiosk-bridge.ts'
import type {
  CategorySnapshot,
  ProgrammeSnapshot,
  RewardSnapshot,
} from '../../../shared/schemas/kiosk-snapshots.ts'
import type { CardView } from '../operations/kiosk-operations.ts'
import { presentCardScreen } from './card-screen.ts'

const PROGRAMME = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c01'

const programme: ProgrammeSnapshot = {
  id: PROGRAMME,
  type: 'points',
  name: { en: 'Fashion points' },
  status: 'active',
  points_per_currency_unit: 1,
  stamps_required: null,
  welcome_bonus: 0,
  cooldown_minutes: 5,
  daily_cap: null,
}

const reward = (id: string, cost: number, active = true): RewardSnapshot => ({
  id,
  programme_id: PROGRAMME,
  name: { en: `Reward ${cost}` },
  cost,
  active,
})

const view = (overrides: Partial<CardView> = {}): CardView => ({
  card: {
    id: '0b9f3c1e-7a52-4c1d-9d0e-2f5b8a6c4d01',
    number: '482910375561',
    status: 'active',
    programme_id: PROGRAMME,
    points_balance: 180,
    stamps_balance: 0,
    last_earn_at: '2026-11-20T08:00:00.000Z',
    customer_name: 'Marie Schmit',
    preferred_language: 'fr',
  },
  programme,
  available: { points: 150, stamps: 0 },
  rewards: [
    reward('r500', 500),
    reward('r100', 100),
    reward('r50', 50, false),
    reward('r200', 200),
  ],
  pending: [],
  ...overrides,
})

const categories: CategorySnapshot[] = [
  { id: 'c-shoes', code: 'shoes', name: { en: 'Shoes' }, active: true },
  { id: 'c-old', code: 'old', name: { en: 'Old' }, active: false },
]

describe('the card screen', () => {
  it('shows the balance the cashier may use, with the kiosk’s pending operations', () => {
    const screen = presentCardScreen(view(), categories)
    expect(screen.balance).toBe(150)
    expect(CardScreenSchema.parse(screen)).toEqual(screen)
  })

  it('lists the active rewards cheapest first, which are affordable, and the next to reach', () => {
    const screen = presentCardScreen(view(), categories)
    expect(screen.rewards.map((r) => [r.id, r.affordable])).toEqual([
      ['r100', true],
      ['r200', false],
      ['r500', false],
    ])
    expect(screen.nextReward).toEqual({
      id: 'r200',
      name: { en: 'Reward 200' },
      cost: 200,
      missing: 50,
    })
  })

  it('counts stamps for a stamp card, and has no next reward when every one is affordable', () => {
    const screen = presentCardScreen(
      view({
        programme: { ...programme, type: 'stamps', stamps_required: 10 },
        available: { points: 0, stamps: 600 },
      }),
      categories,
    )
    expect(screen.balance).toBe(600)
    expect(screen.programme).toEqual({
      type: 'stamps',
      name: { en: 'Fashion points' },
      stampsRequired: 10,
      cooldownMinutes: 5,
    })
    expect(screen.nextReward).toBeNull()
  })

  it('offers only active categories, and marks a card enrolled offline as provisional', () => {
    const offline = view()
    const screen = presentCardScreen(
      { ...offline, card: { ...offline.card, id: 'provisional:482910375561', provisional: true } },
      categories,
    )
    expect(screen.categories).toEqual([{ id: 'c-shoes', name: { en: 'Shoes' } }])
    expect(screen.provisional).toBe(true)
    expect(presentCardScreen(view(), []).provisional).toBe(false)
  })
})
