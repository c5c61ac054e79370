import type { CardRow, LedgerEntryRow, ProgrammeRow, RewardRow } from './models.ts'
import type { CustomerRow } from '../accounts/models.ts'
import type {
  CardDetail,
  CardSummary,
  CustomerView,
  LedgerEntryView,
  MovementResult,
  RewardView,
} from '../../shared/schemas/loyalty-api.ts'
import { affordableRewards, nextReward } from '../../shared/rewards.ts'

export type EntryWithStore = LedgerEntryRow & {
  store_code: string | null
  store_name: string | null
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString()

export const presentLedgerEntry = (entry: EntryWithStore): LedgerEntryView => ({
  id: entry.id,
  type: entry.type,
  status: entry.status,
  points_delta: entry.points_delta,
  stamps_delta: entry.stamps_delta,
  points_balance_after: entry.points_balance_after,
  stamps_balance_after: entry.stamps_balance_after,
  amount_cents: entry.amount_cents,
  currency: entry.currency,
  store_code: entry.store_code,
  store_name: entry.store_name,
  category_id: entry.category_id,
  reward_id: entry.reward_id,
  reason: entry.reason,
  reversal_of: entry.reversal_of,
  client_id: entry.client_id,
  occurred_at: iso(entry.occurred_at) as string,
  recorded_at: iso(entry.recorded_at) as string,
})

/**
 * The answer to a movement. Balances are those right after the entry, so replaying a client id
 * returns exactly the first answer even if the card moved since.
 */
export const presentMovement = (
  entry: EntryWithStore & { card_number: string },
  flags: { duplicate: boolean },
): MovementResult => ({
  entry: presentLedgerEntry(entry),
  card: {
    number: entry.card_number,
    points_balance: entry.points_balance_after ?? 0,
    stamps_balance: entry.stamps_balance_after ?? 0,
  },
  duplicate: flags.duplicate,
  capped: entry.metadata?.capped === true,
})

export const presentCustomer = (customer: CustomerRow): CustomerView => ({
  id: customer.id,
  email: customer.email,
  name: customer.name,
  phone: customer.phone,
  birthday: customer.birthday,
  preferred_language: customer.preferred_language,
  marketing_consent: customer.marketing_consent,
  created_at: iso(customer.created_at) as string,
})

export const presentReward = (reward: RewardRow): RewardView => ({
  id: reward.id,
  name: reward.name,
  description: reward.description,
  cost: reward.cost,
  active: reward.active,
})

export const presentCardSummary = (
  card: CardRow,
  customer: Pick<CustomerRow, 'name' | 'email'>,
  programme: Pick<ProgrammeRow, 'type'>,
): CardSummary => ({
  id: card.id,
  number: card.number,
  status: card.status,
  programme_type: programme.type,
  points_balance: card.points_balance,
  stamps_balance: card.stamps_balance,
  customer_name: customer.name,
  customer_email: customer.email,
})

/** Everything a cashier or the customer sees about a card (phone and birthday included). */
export const presentCardDetail = (input: {
  card: CardRow
  customer: CustomerRow
  programme: ProgrammeRow
  rewards: RewardRow[]
  enrolledStoreCode: string | null
}): CardDetail => {
  const { card, customer, programme } = input
  const balance = programme.type === 'points' ? card.points_balance : card.stamps_balance
  const active = input.rewards.filter((r) => r.active)
  const affordable = new Set(affordableRewards(active, balance).map((r) => r.id))
  const next = nextReward(active, balance)
  return {
    id: card.id,
    number: card.number,
    status: card.status,
    points_balance: card.points_balance,
    stamps_balance: card.stamps_balance,
    lifetime_points: card.lifetime_points,
    lifetime_stamps: card.lifetime_stamps,
    enrolled_store_code: input.enrolledStoreCode,
    last_earn_at: iso(card.last_earn_at),
    last_activity_at: iso(card.last_activity_at) as string,
    created_at: iso(card.created_at) as string,
    customer: presentCustomer(customer),
    programme: {
      id: programme.id,
      type: programme.type,
      name: programme.name,
      status: programme.status,
      stamps_required: programme.stamps_required,
      cooldown_minutes: programme.cooldown_minutes,
      daily_cap: programme.daily_cap,
    },
    rewards: active.map((r) => ({ ...presentReward(r), affordable: affordable.has(r.id) })),
    next_reward: next ? { reward_id: next.reward.id, missing: next.missing } : null,
  }
}
