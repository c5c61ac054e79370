import { merchantApiKey, merchantStaff, type MerchantThing, type Rule } from './rules.ts'
import type { Principal } from './principal.ts'

/** An owner, or a manager of the whole merchant (not one limited to some stores). */
export const merchantWideStaff = (principal: Principal, thing?: MerchantThing): boolean =>
  principal.kind === 'merchant_user' &&
  principal.storeIds === null &&
  (!thing || thing.merchantId === principal.merchantId)

/**
 * The programme and its rewards catalogue: one per merchant, shared by all its stores. Every
 * owner and manager reads it; only those who answer for the whole merchant (the owner, a
 * merchant-wide manager) and the merchant's API key change it — a manager limited to one store
 * would otherwise change the rules of stores they do not run.
 */
export const programmePolicies = {
  'programme.read': (principal: Principal, thing?: MerchantThing) =>
    merchantStaff(principal, thing) || merchantApiKey(principal, thing),
  'programme.update': (principal: Principal, thing?: MerchantThing) =>
    merchantWideStaff(principal, thing) || merchantApiKey(principal, thing),
} satisfies Record<string, Rule>
