import { AppError } from '../errors.ts'
import type { Principal, PrincipalOf } from './principal.ts'
import { merchantApiKey, withinStores, type Rule } from './rules.ts'

/**
 * A member of the merchant as the Customers pages and API act on them: their merchant and the
 * home store of their card (the store they enrolled at; null when they enrolled through the API
 * or the storefront of no store).
 */
export type CustomerThing = { merchantId: string; homeStoreId: string | null }

const ofMerchant = (user: PrincipalOf<'merchant_user'>, member?: CustomerThing) =>
  !member || member.merchantId === user.merchantId

/**
 * A card belongs to the merchant, not to a store: every owner and manager of the merchant —
 * a manager limited to some stores included — and its API key see every member (a customer
 * asks at the counter of any store).
 */
const seesMember = (principal: Principal, member?: CustomerThing): boolean =>
  (principal.kind === 'merchant_user' && ofMerchant(principal, member)) ||
  merchantApiKey(principal, member)

/**
 * Changing a member — adjusting or reversing their balance, blocking or unblocking their card,
 * editing their contact details, resending their welcome email, exporting or anonymizing them —
 * is for the owner, merchant-wide managers and the API key on every member; a manager limited
 * to some stores only on members whose home store is one of theirs (a member without a home
 * store is merchant-wide: out of their reach).
 */
const actsOnMember = (principal: Principal, member?: CustomerThing): boolean =>
  (principal.kind === 'merchant_user' &&
    withinStores(
      principal,
      member && {
        merchantId: member.merchantId,
        // withinStores takes a thing without a store as merchant-wide and within reach; a
        // member without a home store is not one of a store manager's, so it is named apart.
        storeId: member.homeStoreId ?? NO_HOME_STORE,
      },
    )) ||
  merchantApiKey(principal, member)

const NO_HOME_STORE = '(none)'

export const customerPolicies = {
  'customer.read': seesMember,
  'customer.update': actsOnMember,
  'customer.adjust': actsOnMember,
  'customer.reverse': actsOnMember,
  'customer.block': actsOnMember,
  'customer.welcome.resend': actsOnMember,
  'customer.export': actsOnMember,
  'customer.anonymize': actsOnMember,
} satisfies Record<string, Rule>

export type CustomerAction = keyof typeof customerPolicies

/**
 * Asks `action` on a member the principal can see: NOT_FOUND when they cannot even see them
 * (another merchant's), FORBIDDEN when they see them but may not act (a store manager on a
 * member of another store: they know the member exists, so NOT_FOUND would lie).
 */
export const authorizeOnMember = (
  principal: Principal,
  action: CustomerAction,
  member: CustomerThing,
): void => {
  if (!seesMember(principal, member)) throw new AppError('NOT_FOUND')
  if (!customerPolicies[action](principal, member)) throw new AppError('FORBIDDEN')
}
