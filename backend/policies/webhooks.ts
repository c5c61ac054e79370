import { merchantOwner, type Rule } from './rules.ts'

/**
 * The merchant's webhook endpoints and their deliveries (/merchant/webhooks). Owners only, as
 * API keys: an endpoint receives every member's movements and holds a signing secret.
 */
export const webhookPolicies = {
  'webhook.read': merchantOwner,
  'webhook.manage': merchantOwner,
} satisfies Record<string, Rule>
