import { merchantApiKey, merchantOwner, type MerchantThing, type Rule } from './rules.ts'
import type { Principal } from './principal.ts'

const ownerOrApiKey = (principal: Principal, thing?: MerchantThing): boolean =>
  merchantOwner(principal, thing) || merchantApiKey(principal, thing)

/**
 * The merchant's webhook endpoints and their deliveries (/merchant/webhooks, /api/v1/webhooks).
 * The owner, as for API keys (an endpoint receives every member's movements and holds a signing
 * secret), and the merchant's API key — which only an owner can make (decision 94).
 */
export const webhookPolicies = {
  'webhook.read': ownerOrApiKey,
  'webhook.manage': ownerOrApiKey,
} satisfies Record<string, Rule>
