import { describe, expect, it } from 'vitest'
import type { CardSnapshot } from './schemas/kiosk-snapshots.ts'
import {
  availableBalance,
  decideOfflineEarning,
  decideOfflineRedemption,
  type PendingOperation,
  type ProgrammeRules,
  type RewardRules,
} from './offline-decisions.ts'

const programme: ProgrammeRules = {
  id: 'p1',
  type: 'points',
  status: 'active',
  points_per_currency_unit: 1,
  cooldown_minutes: 5,
  daily_cap: 100,
}
const rewards: RewardRules[] = [
  { id: 'r100', programme_id: 'p1', cost: 100, active: true },
  { id: 'r600', programme_id: 'p1', cost: 600, active: true },
]
const card: CardSnapshot = {
  id: '8f0c3f44-5d0b-4d0a-9f57-0b5f1f7f2a10',
  number: '482910375561',
  status: 'active',
  programme_id: 'p1',
  points_balance: 150,
  stamps_balance: 0,
  last_earn_at: '2026-11-20T08:00:00.000Z',
  customer_name: 'Marie',
  preferred_language: 'fr',
}
const limits = { max_offline_minutes_for_redemptions: 60, max_offline_redemption_points: 500 }
const earn = (amount: number, at: string): PendingOperation => ({
  type: 'earn',
  occurred_at: at,
  payload: { card_number: card.number, amount_cents: amount },
})
const redeem = (rewardId: string, at: string): PendingOperation => ({
  type: 'redeem',
  occurred_at: at,
  payload: { card_number: card.number, reward_id: rewardId },
})

describe('offline decisions', () => {
  it('counts pending earnings and redemptions in the available balance', () => {
    const pending = [
      earn(4_000, '2026-11-20T09:00:00Z'),
      redeem('r100', '2026-11-20T09:10:00Z'),
      // Another card's earning does not count.
      {
        type: 'earn',
        occurred_at: '2026-11-20T09:20:00Z',
        payload: { card_number: 'other', amount_cents: 9_900 },
      },
    ] satisfies PendingOperation[]
    expect(availableBalance(card, programme, rewards, pending)).toEqual({ points: 90, stamps: 0 })
  })

  it('refuses a second redemption of the same points offline', () => {
    const base = {
      card,
      programme,
      rewards,
      lastSyncAt: new Date('2026-11-20T09:00:00Z'),
      now: new Date('2026-11-20T09:30:00Z'),
      limits,
    }
    expect(decideOfflineRedemption({ ...base, rewardId: 'r100', pending: [] })).toEqual({
      ok: true,
      balanceAfter: 50,
    })
    expect(
      decideOfflineRedemption({
        ...base,
        rewardId: 'r100',
        pending: [redeem('r100', '2026-11-20T09:25:00Z')],
      }),
    ).toEqual({
      ok: false,
      code: 'INSUFFICIENT_POINTS',
      details: { balance: 50, cost: 100 },
    })
  })

  it('refuses redemptions after too long offline, and above the offline limit', () => {
    const base = {
      card: { ...card, points_balance: 1_000 },
      programme,
      rewards,
      pending: [],
      limits,
    }
    expect(
      decideOfflineRedemption({
        ...base,
        rewardId: 'r100',
        lastSyncAt: new Date('2026-11-20T08:00:00Z'),
        now: new Date('2026-11-20T09:01:00Z'),
      }),
    ).toEqual({
      ok: false,
      code: 'OFFLINE_TOO_LONG',
      details: { max_offline_minutes: 60 },
    })
    expect(
      decideOfflineRedemption({
        ...base,
        rewardId: 'r600',
        lastSyncAt: new Date('2026-11-20T09:00:00Z'),
        now: new Date('2026-11-20T09:01:00Z'),
      }),
    ).toEqual({
      ok: false,
      code: 'OFFLINE_REDEMPTION_LIMIT',
      details: { limit: 500, cost: 600 },
    })
  })

  it('applies the cooldown from the latest pending earning, and the daily cap to pending earnings', () => {
    const base = {
      card,
      programme,
      rewards,
      timeZone: 'Europe/Luxembourg',
      requested: { amountCents: 5_000 },
    }
    const pending = [earn(6_000, '2026-11-20T09:00:00Z')]
    expect(
      decideOfflineEarning({ ...base, pending, at: new Date('2026-11-20T09:03:00Z') }),
    ).toMatchObject({
      ok: false,
      code: 'POINTS_COOLDOWN',
      details: { cooldown_minutes: 5, retry_at: '2026-11-20T09:05:00.000Z' },
    })
    expect(
      decideOfflineEarning({ ...base, pending, at: new Date('2026-11-20T09:06:00Z') }),
    ).toEqual({ ok: true, granted: 40, capped: true })
  })

  it('refuses everything on a blocked card', () => {
    const blocked = { ...card, status: 'blocked' as const }
    expect(
      decideOfflineEarning({
        card: blocked,
        programme,
        rewards,
        pending: [],
        at: new Date(),
        timeZone: 'UTC',
        requested: { amountCents: 100 },
      }),
    ).toEqual({ ok: false, code: 'CARD_BLOCKED' })
  })

  it('refuses stamps on a points programme with what each expects, as the server does', () => {
    expect(
      decideOfflineEarning({
        card,
        programme,
        rewards,
        pending: [],
        at: new Date('2026-11-20T09:00:00Z'),
        timeZone: 'UTC',
        requested: { stamps: 1 },
      }),
    ).toEqual({
      ok: false,
      code: 'PROGRAM_TYPE_MISMATCH',
      details: { expected: 'stamps', actual: 'points' },
    })
  })
})
