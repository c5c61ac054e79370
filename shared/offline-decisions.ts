import type { KioskOperation } from './schemas/kiosk-api.ts'
import type {
  CardSnapshot,
  OfflineLimits,
  ProgrammeSnapshot,
  RewardSnapshot,
} from './schemas/kiosk-snapshots.ts'
import { decideEarning, localDayStart, type EarnDecision } from './earning-rules.ts'
import { checkCanEarn, checkCanRedeem, type Ineligible } from './eligibility.ts'
import { pointsForAmount } from './points.ts'
import { checkRedemption } from './rewards.ts'
import type { CooldownDetails } from './errors.ts'

// What a kiosk decides alone, on its copy of the server's data plus its own operations not yet
// answered, with the same shared rules the server applies (eligibility, cooldown, daily cap,
// redemption). The server re-checks every operation on sync; what it cannot apply as decided
// goes to merchant review. Pure: electron/core/operations calls it with the kiosk's store.

/** What the decisions need of the programme and its rewards (the pulled snapshots have more). */
export type ProgrammeRules = Pick<
  ProgrammeSnapshot,
  'id' | 'type' | 'status' | 'points_per_currency_unit' | 'cooldown_minutes' | 'daily_cap'
>
export type RewardRules = Pick<RewardSnapshot, 'id' | 'programme_id' | 'cost' | 'active'>

/** An operation still in the outbox (not yet answered by the server). */
export type PendingOperation = KioskOperation extends infer O
  ? O extends KioskOperation
    ? Pick<O, 'type' | 'occurred_at' | 'payload'>
    : never
  : never

export type CardEffect = { points: number; stamps: number; earnedAt: Date | null }

/** What a pending operation does to its card, as the kiosk decided it. */
export const effectOf = (
  op: PendingOperation,
  programme: ProgrammeRules,
  rewards: readonly RewardRules[],
): CardEffect => {
  const at = new Date(op.occurred_at)
  switch (op.type) {
    case 'earn': {
      const points = pointsForAmount(op.payload.amount_cents, programme.points_per_currency_unit)
      return { points, stamps: 0, earnedAt: points > 0 ? at : null }
    }
    case 'stamp':
      return { points: 0, stamps: op.payload.count, earnedAt: at }
    case 'redeem': {
      const cost = rewards.find((r) => r.id === op.payload.reward_id)?.cost ?? 0
      return programme.type === 'points'
        ? { points: -cost, stamps: 0, earnedAt: null }
        : { points: 0, stamps: -cost, earnedAt: null }
    }
    default:
      return { points: 0, stamps: 0, earnedAt: null }
  }
}

/** The pending operations on this card. */
export const pendingFor = (
  card: Pick<CardSnapshot, 'number'>,
  pending: readonly PendingOperation[],
) => pending.filter((op) => 'card_number' in op.payload && op.payload.card_number === card.number)

/** Balance the cashier may use: snapshot − pending redemptions + pending earnings. */
export const availableBalance = (
  card: CardSnapshot,
  programme: ProgrammeRules,
  rewards: readonly RewardRules[],
  pending: readonly PendingOperation[],
) =>
  pendingFor(card, pending).reduce(
    (sum, op) => {
      const effect = effectOf(op, programme, rewards)
      return { points: sum.points + effect.points, stamps: sum.stamps + effect.stamps }
    },
    { points: card.points_balance, stamps: card.stamps_balance },
  )

export type OfflineRefusal =
  | Ineligible
  | { ok: false; code: 'REWARD_INACTIVE' | 'REWARD_NOT_FOUND' }
  | { ok: false; code: 'POINTS_COOLDOWN' | 'STAMP_COOLDOWN'; details: CooldownDetails }
  | { ok: false; code: 'DAILY_CAP_REACHED'; details: { daily_cap: number; earned_today: number } }
  | {
      ok: false
      code: 'INSUFFICIENT_POINTS' | 'INSUFFICIENT_STAMPS'
      details: { balance: number; cost: number }
    }
  | { ok: false; code: 'OFFLINE_TOO_LONG'; details: { max_offline_minutes: number } }
  | { ok: false; code: 'OFFLINE_REDEMPTION_LIMIT'; details: { limit: number; cost: number } }

/**
 * An earning (points from an amount, or stamps) decided offline: the card and programme must
 * take it (shared eligibility); cooldown from the later of the snapshot's last earning and the
 * pending ones; the daily cap counts the pending earnings of the day (the server counts
 * everything and may still cap, then the surplus goes to review).
 */
export const decideOfflineEarning = (input: {
  card: CardSnapshot
  programme: ProgrammeRules
  rewards: readonly RewardRules[]
  pending: readonly PendingOperation[]
  at: Date
  timeZone: string
  requested: { amountCents: number } | { stamps: number }
}): EarnDecision | OfflineRefusal => {
  const { card, programme, at } = input
  const kind = 'stamps' in input.requested ? 'stamps' : 'points'
  const eligible = checkCanEarn(card, programme, kind)
  if (!eligible.ok) return eligible
  const requested =
    'stamps' in input.requested
      ? input.requested.stamps
      : pointsForAmount(input.requested.amountCents, programme.points_per_currency_unit)
  const effects = pendingFor(card, input.pending).map((op) =>
    effectOf(op, programme, input.rewards),
  )
  const lastEarnAt = [
    card.last_earn_at ? new Date(card.last_earn_at) : null,
    ...effects.map((e) => e.earnedAt),
  ]
    .filter((d): d is Date => d !== null)
    .reduce<Date | null>((latest, d) => (!latest || d > latest ? d : latest), null)
  const dayStart = localDayStart(at, input.timeZone)
  const earnedToday = effects
    .filter((e) => e.earnedAt && e.earnedAt >= dayStart)
    .reduce(
      (sum, e) => sum + (kind === 'points' ? Math.max(0, e.points) : Math.max(0, e.stamps)),
      0,
    )
  return decideEarning({
    kind,
    requested,
    at,
    lastEarnAt,
    cooldownMinutes: programme.cooldown_minutes,
    dailyCap: programme.daily_cap,
    earnedToday,
  })
}

/**
 * A redemption decided offline: only while the kiosk has synced recently enough, only up to the
 * merchant's offline limit, and only within the available balance.
 */
export const decideOfflineRedemption = (input: {
  card: CardSnapshot
  programme: ProgrammeRules
  rewards: readonly RewardRules[]
  rewardId: string
  pending: readonly PendingOperation[]
  lastSyncAt: Date | null
  now: Date
  limits: OfflineLimits
}): { ok: true; balanceAfter: number } | OfflineRefusal => {
  const { card, programme, limits } = input
  const eligible = checkCanRedeem(card, programme)
  if (!eligible.ok) return eligible
  const offlineMs = input.lastSyncAt ? input.now.getTime() - input.lastSyncAt.getTime() : Infinity
  if (offlineMs > limits.max_offline_minutes_for_redemptions * 60_000)
    return {
      ok: false,
      code: 'OFFLINE_TOO_LONG',
      details: { max_offline_minutes: limits.max_offline_minutes_for_redemptions },
    }
  const reward = input.rewards.find(
    (r) => r.id === input.rewardId && r.programme_id === programme.id,
  )
  if (!reward) return { ok: false, code: 'REWARD_NOT_FOUND' }
  if (programme.type === 'points' && reward.cost > limits.max_offline_redemption_points)
    return {
      ok: false,
      code: 'OFFLINE_REDEMPTION_LIMIT',
      details: { limit: limits.max_offline_redemption_points, cost: reward.cost },
    }
  const available = availableBalance(card, programme, input.rewards, input.pending)
  const balance = programme.type === 'points' ? available.points : available.stamps
  return checkRedemption({ kind: programme.type, balance, reward })
}
