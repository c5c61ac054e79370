import type { Queryable } from '../../db/transaction.ts'
import { presentStore, type StoreView } from '../presenters.ts'

/** The merchant's open stores, in a stable order. */
export const listActiveStores = async (db: Queryable, merchantId: string): Promise<StoreView[]> => {
  const rows = await db('stores')
    .where({ merchant_id: merchantId, active: true })
    .orderBy(['name', 'code'])
    .select(
      'code',
      'name',
      'description',
      'address_line1',
      'address_line2',
      'postal_code',
      'city',
      'country',
      'phone',
    )
  return rows.map(presentStore)
}
