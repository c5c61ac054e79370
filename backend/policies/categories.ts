import type { PrincipalOf } from './principal.ts'
import { merchantApiKey, merchantStaff, withinStores, type Principal, type Rule } from './rules.ts'

/** A transaction category: its merchant, and its store (null: every store of the merchant). */
export type CategoryThing = { merchantId: string; storeId: string | null }

/**
 * A merchant user manages a category within their reach; a manager limited to some stores only
 * the categories of those stores — never a merchant-wide one, which every store's kiosks offer.
 */
const managesAsUser = (user: PrincipalOf<'merchant_user'>, category?: CategoryThing) =>
  !category ||
  (withinStores(user, category) && (user.storeIds === null || category.storeId !== null))

const managesCategory = (principal: Principal, category?: CategoryThing): boolean =>
  (principal.kind === 'merchant_user' && managesAsUser(principal, category)) ||
  merchantApiKey(principal, category)

/**
 * Transaction categories (what an earning or a stamp is filed under). Every owner and manager
 * sees the merchant-wide ones and those of their stores; the API key all of its merchant's.
 */
export const categoryPolicies = {
  'category.read': (principal: Principal, category?: CategoryThing) =>
    merchantStaff(principal, category) || merchantApiKey(principal, category),
  'category.create': managesCategory,
  'category.update': managesCategory,
} satisfies Record<string, Rule>
