import { describe, it, expect } from 'vitest'
import { affordableRewards, checkRedemption, nextReward, type RewardLike } from './rewards.ts'

const coffee: RewardLike = { id: 'coffee', cost: 100, active: true }
const cake: RewardLike = { id: 'cake', cost: 250, active: true }
const tote = { id: 'tote', cost: 50, active: false, name: 'Tote bag' }
const lunch = { id: 'lunch', cost: 500, active: true, name: 'Lunch' }

describe('checkRedemption', () => {
  it('allows a redemption the balance covers and gives the balance after', () => {
    expect(checkRedemption({ kind: 'points', balance: 120, reward: coffee })).toEqual({
      ok: true,
      balanceAfter: 20,
    })
  })

  it('allows spending the balance down to exactly zero', () => {
    expect(checkRedemption({ kind: 'stamps', balance: 100, reward: coffee })).toEqual({
      ok: true,
      balanceAfter: 0,
    })
  })

  it('refuses points that do not cover the cost, with balance and cost', () => {
    expect(checkRedemption({ kind: 'points', balance: 99, reward: coffee })).toEqual({
      ok: false,
      code: 'INSUFFICIENT_POINTS',
      details: { balance: 99, cost: 100 },
    })
  })

  it('refuses stamps that do not cover the cost with INSUFFICIENT_STAMPS', () => {
    expect(
      checkRedemption({ kind: 'stamps', balance: 9, reward: { ...coffee, cost: 10 } }),
    ).toEqual({
      ok: false,
      code: 'INSUFFICIENT_STAMPS',
      details: { balance: 9, cost: 10 },
    })
  })

  it('refuses an inactive reward even when the balance covers it', () => {
    expect(checkRedemption({ kind: 'points', balance: 1000, reward: tote })).toEqual({
      ok: false,
      code: 'REWARD_INACTIVE',
    })
  })

  it('refuses fractional balances and costs', () => {
    expect(() => checkRedemption({ kind: 'points', balance: 1.5, reward: coffee })).toThrow(
      RangeError,
    )
    expect(() =>
      checkRedemption({ kind: 'points', balance: 10, reward: { ...coffee, cost: -1 } }),
    ).toThrow(RangeError)
  })
})

describe('affordableRewards', () => {
  const catalogue = [lunch, cake, tote, coffee]

  it('lists active rewards the balance covers, cheapest first', () => {
    expect(affordableRewards(catalogue, 300).map((r) => r.id)).toEqual(['coffee', 'cake'])
  })

  it('includes a reward that costs exactly the balance', () => {
    expect(affordableRewards(catalogue, 500).map((r) => r.id)).toEqual(['coffee', 'cake', 'lunch'])
  })

  it('is empty when nothing is affordable and leaves the input untouched', () => {
    expect(affordableRewards(catalogue, 10)).toEqual([])
    expect(catalogue.map((r) => r.id)).toEqual(['lunch', 'cake', 'tote', 'coffee'])
  })

  it('keeps the caller’s reward type', () => {
    const [first] = affordableRewards([lunch], 600)
    expect(first?.name).toBe('Lunch')
  })
})

describe('nextReward', () => {
  const catalogue = [lunch, cake, tote, coffee]

  it('is the cheapest active reward not yet affordable, with what is missing', () => {
    expect(nextReward(catalogue, 150)).toEqual({ reward: cake, missing: 100, progress: 0.6 })
  })

  it('skips inactive rewards', () => {
    expect(nextReward(catalogue, 0)).toEqual({ reward: coffee, missing: 100, progress: 0 })
  })

  it('is null when every active reward is affordable', () => {
    expect(nextReward(catalogue, 500)).toBeNull()
    expect(nextReward([], 0)).toBeNull()
  })

  it('keeps progress within [0, 1] for a negative balance', () => {
    expect(nextReward([coffee], -20)).toEqual({ reward: coffee, missing: 120, progress: 0 })
  })
})
