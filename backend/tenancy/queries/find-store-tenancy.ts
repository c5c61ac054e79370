import type { Queryable } from '../../db/transaction.ts'
import type { MerchantRow, PlatformRow, StoreRow } from '../models.ts'

/** A store with the merchant and platform it belongs to. */
export type StoreTenancy = { store: StoreRow; merchant: MerchantRow; platform: PlatformRow }

/** The columns a store is found by from a request: its own domain, its subdomain, its code. */
export type StoreKey = 'custom_domain' | 'subdomain' | 'code'

/** The store whose `column` is `value`, with its merchant and platform; null when none. */
export const findStoreTenancy = async (
  db: Queryable,
  column: StoreKey,
  value: string,
): Promise<StoreTenancy | null> => {
  const store = await db<StoreRow>('stores').where(column, value).first()
  if (!store) return null
  const merchant = await db<MerchantRow>('merchants').where('id', store.merchant_id).first()
  if (!merchant) return null
  const platform = await db<PlatformRow>('platforms').where('id', merchant.platform_id).first()
  return platform ? { store, merchant, platform } : null
}

/** The store row as it is now, with its merchant's status (null when it is gone). */
export const findStoreById = async (
  db: Queryable,
  id: string,
): Promise<(StoreRow & { merchant_status: MerchantRow['status'] }) | null> =>
  (await db('stores as s')
    .join('merchants as m', 'm.id', 's.merchant_id')
    .where('s.id', id)
    .first('s.*', 'm.status as merchant_status')) ?? null
