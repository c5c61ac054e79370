import type { Actor } from '../auth/actor.ts'

/**
 * Who is asking, as the policies see it. Every request has exactly one: the API's bearer
 * credential (a merchant API key or a kiosk's device credential), or the web session of the
 * page's surface (a customer on a storefront, a merchant user on /merchant, an admin on
 * /admin), or nobody.
 */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'customer'; id: string; merchantId: string }
  | {
      kind: 'merchant_user'
      id: string
      merchantId: string
      role: 'owner' | 'manager'
      /** The stores a store-scoped manager may act on; null = every store of the merchant. */
      storeIds: string[] | null
    }
  | { kind: 'admin'; id: string }
  | { kind: 'kiosk'; id: string; merchantId: string; storeId: string }
  | { kind: 'api_key'; id: string; merchantId: string }

export type PrincipalKind = Principal['kind']

export type PrincipalOf<K extends PrincipalKind> = Extract<Principal, { kind: K }>

export const ANONYMOUS: Principal = { kind: 'anonymous' }

declare module '../http/state.ts' {
  interface AppState {
    /** Who is asking (set by the API's authentication or the page gate). */
    principal?: Principal
  }
}

/** Principals that belong to one merchant: everything they touch is that merchant's. */
export type MerchantPrincipal = PrincipalOf<'customer' | 'merchant_user' | 'kiosk' | 'api_key'>

export const isMerchantPrincipal = (principal: Principal): principal is MerchantPrincipal =>
  'merchantId' in principal

/** How the principal is written on ledger entries and audit rows. */
export const recordedActor = (principal: Principal): Actor => {
  switch (principal.kind) {
    case 'api_key':
      return { type: 'api_key', id: principal.id, merchantId: principal.merchantId }
    case 'kiosk':
      return {
        type: 'kiosk',
        id: principal.id,
        merchantId: principal.merchantId,
        storeId: principal.storeId,
      }
    case 'merchant_user':
      return { type: 'merchant_user', id: principal.id, merchantId: principal.merchantId }
    default:
      throw new Error(`a ${principal.kind} principal does not act on the ledger`)
  }
}
