import {
  merchantApiKey,
  merchantKiosk,
  merchantStaff,
  type MerchantThing,
  type Principal,
  type Rule,
} from './rules.ts'

/** Owners and managers within their stores (an item of a kiosk: its store), and the API key. */
const staffOrApiKey = (principal: Principal, thing?: MerchantThing) =>
  merchantStaff(principal, thing) || merchantApiKey(principal, thing)

/**
 * Kiosks: owners and managers see, pair and revoke the kiosks of the stores they run (a
 * manager limited to some stores: those stores only); a paired kiosk syncs as itself.
 */
export const kioskPolicies = {
  'kiosk.read': merchantStaff,
  'kiosk.pair': merchantStaff,
  'kiosk.revoke': merchantStaff,
  'kiosk.sync': merchantKiosk,
  /** Operations a kiosk could not apply offline, waiting for the merchant. */
  'review.read': staffOrApiKey,
  /**
   * Apply or dismiss an item of the review queue: a manager limited to some stores decides only
   * the items of their stores' kiosks (the thing: the item's kiosk's store).
   */
  'review.resolve': staffOrApiKey,
} satisfies Record<string, Rule>
