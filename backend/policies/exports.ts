import { merchantApiKey, merchantStaff, type MerchantThing, type Rule } from './rules.ts'
import type { Principal } from './principal.ts'
import { merchantWideStaff } from './programmes.ts'

/**
 * CSV exports and the import of existing members. Every owner and manager exports, and the
 * merchant's API key; a manager limited to some stores gets the members whose home store is one
 * of theirs and the ledger entries of their stores (the queries scope by merchantScope). Members
 * are imported by those who answer for the whole merchant: the owner and merchant-wide managers
 * (an import brings in members and balances for every store).
 */
export const exportPolicies = {
  'export.read': (principal: Principal, thing?: MerchantThing) =>
    merchantStaff(principal, thing) || merchantApiKey(principal, thing),
  'import.run': merchantWideStaff,
} satisfies Record<string, Rule>
