import type { Knex } from 'knex'
import type { StoreDetail } from '../../../shared/schemas/store-api.ts'
import { authorize } from '../../policies/policies.ts'
import type { Principal } from '../../policies/principal.ts'
import { merchantScope } from '../../policies/scope.ts'
import { presentStoreDetail } from '../../tenancy/presenters.ts'
import { findMerchantStore, listMerchantStores } from '../../tenancy/queries/merchant-stores.ts'

export type StoresPageData = {
  merchantName: string
  /** The names of the scope's stores (a store manager's role line). */
  storeNames: string[]
  /** The stores the user runs: every store of the merchant, or a store manager's. */
  stores: StoreDetail[]
}

/** What the Stores page lists: the stores within the user's reach, open ones first. */
export const loadStoresPage = async (db: Knex, principal: Principal): Promise<StoresPageData> => {
  const scope = merchantScope(principal)
  const [merchant, stores] = await Promise.all([
    db('merchants').where('id', scope.merchantId).first<{ name: string }>('name'),
    listMerchantStores(db, scope),
  ])
  return {
    merchantName: merchant?.name ?? '',
    storeNames: stores.map((store) => store.name),
    stores: stores.map(presentStoreDetail),
  }
}

/** One store's edit page: the store when the user runs it (the policy), NOT_FOUND otherwise. */
export const loadStorePage = async (
  db: Knex,
  principal: Principal,
  storeId: string,
): Promise<StoresPageData & { store: StoreDetail }> => {
  const { merchantId } = merchantScope(principal)
  const store = await findMerchantStore(db, merchantId, storeId)
  authorize(principal, 'store.read', { merchantId, storeId: store.id })
  return { ...(await loadStoresPage(db, principal)), store: presentStoreDetail(store) }
}
