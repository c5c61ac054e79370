import {
  merchantApiKey,
  merchantStaff,
  type MerchantThing,
  type Principal,
  type Rule,
} from './rules.ts'

/** Owners and managers within their stores, and the merchant's API key. */
const staffOrApiKey = (principal: Principal, thing?: MerchantThing) =>
  merchantStaff(principal, thing) || merchantApiKey(principal, thing)

/**
 * Alerts (kiosk silent or stuck, card abuse, large adjustments, failed PINs): the owner and the
 * managers read and acknowledge them, and the API key. The thing is the alert's store — the
 * kiosk's store for a kiosk's alert, the card's home store for a card's — so a manager limited
 * to some stores sees and acknowledges only the alerts about those stores (an alert about a
 * card without a home store is merchant-wide: every manager sees it).
 */
export const alertPolicies = {
  'alert.read': staffOrApiKey,
  'alert.acknowledge': staffOrApiKey,
} satisfies Record<string, Rule>
