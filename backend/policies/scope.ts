import type { Knex } from 'knex'
import { AppError } from '../errors.ts'
import { recordedActor, type Principal } from './principal.ts'

/**
 * Whose data a query may read for this principal: one merchant's, narrowed to a manager's
 * stores (the same reach as the policies' `withinStores`).
 */
export type MerchantScope = {
  merchantId: string
  /** null: every store of the merchant (owners, merchant-wide managers, keys, kiosks). */
  storeIds: string[] | null
}

export const merchantScope = (principal: Principal): MerchantScope => {
  switch (principal.kind) {
    case 'merchant_user':
      return { merchantId: principal.merchantId, storeIds: principal.storeIds }
    case 'api_key':
    case 'kiosk':
      return { merchantId: principal.merchantId, storeIds: null }
    default:
      throw new AppError(principal.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN')
  }
}

/** Narrows a query to the scope's stores (a store manager's), through `column`. */
export const inStores = (column: string, scope: MerchantScope) => (query: Knex.QueryBuilder) => {
  if (scope.storeIds) void query.whereIn(column, scope.storeIds)
}

/**
 * What a command of the merchant's set-up is given about who acts: the principal (for the
 * policy's second look, with the thing at hand), its merchant, and how it is recorded.
 */
export const actingOn = (principal: Principal) => ({
  principal,
  merchantId: merchantScope(principal).merchantId,
  actor: recordedActor(principal),
})
