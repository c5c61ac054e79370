import type { CardScreen } from '../../../shared/kiosk-bridge.ts'
import { affordableRewards, cheapestFirst, nextReward } from '../../../shared/rewards.ts'
import type { CategorySnapshot } from '../../../shared/schemas/kiosk-snapshots.ts'
import type { CardView } from '../operations/kiosk-operations.ts'

/**
 * The card screen from the kiosk's view of a card (its snapshot with this kiosk's pending
 * operations): the balance the cashier may use, the active rewards cheapest first with what
 * can be redeemed, the next reward to reach (shared rules), and the active categories.
 */
export const presentCardScreen = (
  view: CardView,
  categories: readonly CategorySnapshot[],
): CardScreen => {
  const { card, programme } = view
  const balance = programme.type === 'points' ? view.available.points : view.available.stamps
  const rewards = cheapestFirst(view.rewards.filter((r) => r.active))
  const affordable = new Set(affordableRewards(rewards, balance).map((r) => r.id))
  const next = nextReward(rewards, balance)
  return {
    number: card.number,
    customerName: card.customer_name,
    status: card.status,
    provisional: card.provisional === true,
    programme: {
      type: programme.type,
      name: programme.name,
      stampsRequired: programme.stamps_required,
      cooldownMinutes: programme.cooldown_minutes,
    },
    balance,
    rewards: rewards.map((r) => ({
      id: r.id,
      name: r.name,
      cost: r.cost,
      affordable: affordable.has(r.id),
    })),
    nextReward: next
      ? {
          id: next.reward.id,
          name: next.reward.name,
          cost: next.reward.cost,
          missing: next.missing,
        }
      : null,
    lastEarnAt: card.last_earn_at,
    categories: categories.filter((c) => c.active).map((c) => ({ id: c.id, name: c.name })),
  }
}
