export type RewardLike = { id: string; cost: number; active: boolean }

export type RedemptionCheck =
  | { ok: true; balanceAfter: number }
  | { ok: false; code: 'REWARD_INACTIVE' }
  | {
      ok: false
      code: 'INSUFFICIENT_POINTS' | 'INSUFFICIENT_STAMPS'
      details: { balance: number; cost: number }
    }

/** Whether a card with this balance may redeem the reward, and the balance it would leave. */
export const checkRedemption = (input: {
  kind: 'points' | 'stamps'
  balance: number
  reward: RewardLike
}): RedemptionCheck => {
  const { kind, balance, reward } = input
  if (!Number.isSafeInteger(balance)) throw new RangeError('balance must be a safe integer')
  if (!Number.isSafeInteger(reward.cost) || reward.cost < 0) {
    throw new RangeError('reward cost must be a non-negative safe integer')
  }
  if (!reward.active) return { ok: false, code: 'REWARD_INACTIVE' }
  if (balance < reward.cost) {
    return {
      ok: false,
      code: kind === 'points' ? 'INSUFFICIENT_POINTS' : 'INSUFFICIENT_STAMPS',
      details: { balance, cost: reward.cost },
    }
  }
  return { ok: true, balanceAfter: balance - reward.cost }
}

/** The rewards cheapest first; stable, so rewards of equal cost keep the catalogue's order. */
export const cheapestFirst = <R extends RewardLike>(rewards: R[]): R[] =>
  [...rewards].sort((a, b) => a.cost - b.cost)

/** Active rewards the balance can pay for, cheapest first. */
export const affordableRewards = <R extends RewardLike>(rewards: R[], balance: number): R[] =>
  cheapestFirst(rewards.filter((reward) => reward.active && reward.cost <= balance))

/**
 * The cheapest active reward the balance cannot pay for yet, what is missing, and the
 * progress towards it (balance / cost, clamped to [0, 1]); null when none is left to reach.
 */
export const nextReward = <R extends RewardLike>(
  rewards: R[],
  balance: number,
): { reward: R; missing: number; progress: number } | null => {
  const [reward] = cheapestFirst(rewards.filter((r) => r.active && r.cost > balance))
  if (reward === undefined) return null
  const progress = reward.cost > 0 ? Math.min(1, Math.max(0, balance / reward.cost)) : 0
  return { reward, missing: reward.cost - balance, progress }
}
