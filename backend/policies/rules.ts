import type { MerchantPrincipal, Principal, PrincipalOf } from './principal.ts'

export type { Principal }

/** A thing that belongs to a merchant, and to one of its stores when it has one. */
export type MerchantThing = { merchantId: string; storeId?: string | null }

/** A rule: may `principal` do the action — on `subject`, or, without one, on anything at all? */
export type Rule = (principal: Principal, subject?: never) => boolean

export const anyone = (): boolean => true

export const isAdmin = (principal: Principal): principal is PrincipalOf<'admin'> =>
  principal.kind === 'admin'

const sameMerchant = (principal: MerchantPrincipal, thing: MerchantThing | undefined) =>
  !thing || thing.merchantId === principal.merchantId

/**
 * Within a merchant user's reach: their merchant, and for a manager limited to some stores,
 * a thing of one of those stores (a merchant-wide thing — no store — is within reach).
 */
export const withinStores = (
  user: PrincipalOf<'merchant_user'>,
  thing: MerchantThing | undefined,
): boolean =>
  sameMerchant(user, thing) &&
  (user.storeIds === null || !thing?.storeId || user.storeIds.includes(thing.storeId))

/** Any owner or manager of the thing's merchant (managers within their stores). */
export const merchantStaff = (principal: Principal, thing?: MerchantThing): boolean =>
  principal.kind === 'merchant_user' && withinStores(principal, thing)

/** The owner of the thing's merchant. */
export const merchantOwner = (principal: Principal, thing?: MerchantThing): boolean =>
  principal.kind === 'merchant_user' && principal.role === 'owner' && sameMerchant(principal, thing)

/** A merchant API key of the thing's merchant. */
export const merchantApiKey = (principal: Principal, thing?: MerchantThing): boolean =>
  principal.kind === 'api_key' && sameMerchant(principal, thing)

/** A paired kiosk of the thing's merchant. */
export const merchantKiosk = (principal: Principal, thing?: MerchantThing): boolean =>
  principal.kind === 'kiosk' && sameMerchant(principal, thing)

/** The member themself: a customer signed in on their own merchant's storefront. */
export const theMember = (
  principal: Principal,
  member?: { merchantId: string; customerId: string },
): boolean =>
  principal.kind === 'customer' &&
  (!member || (member.merchantId === principal.merchantId && member.customerId === principal.id))
