/** What a merchant's webhook endpoint may subscribe to (docs/webhooks.md). */
export const WEBHOOK_EVENTS = [
  'card.enrolled',
  'ledger.entry_created',
  'reward.redeemed',
  'card.blocked',
  'review.created',
  'alert.raised',
] as const

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number]

export const isWebhookEvent = (value: unknown): value is WebhookEvent =>
  typeof value === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(value)
