import { merchantApiKey, merchantStaff, type MerchantThing, type Rule } from './rules.ts'
import type { Principal } from './principal.ts'

/** A store of a merchant: `{ merchantId, storeId }`. */
export type StoreThing = MerchantThing & { storeId: string }

/**
 * A store's details and branding (the merchant's Stores page, the stores API). Owners and
 * merchant-wide managers see and edit every store of their merchant, a manager limited to some
 * stores those stores only (another store is NOT_FOUND), the merchant's API key every store.
 * Creating stores and their domains is the platform admin's.
 */
const runsStore = (principal: Principal, store?: StoreThing): boolean =>
  merchantStaff(principal, store) || merchantApiKey(principal, store)

export const storePolicies = {
  'store.read': runsStore,
  'store.update': runsStore,
} satisfies Record<string, Rule>
