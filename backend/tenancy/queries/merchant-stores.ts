import type { Queryable } from '../../db/transaction.ts'
import { AppError } from '../../errors.ts'
import { inStores, type MerchantScope } from '../../policies/scope.ts'
import type { StoreRow } from '../models.ts'
import { isUuid } from '../../../shared/schemas/common.ts'

/** The merchant's stores within the scope (a store manager's: theirs), open ones first. */
export const listMerchantStores = (db: Queryable, scope: MerchantScope): Promise<StoreRow[]> =>
  db<StoreRow>('stores')
    .where('merchant_id', scope.merchantId)
    .modify(inStores('id', scope))
    .orderBy([
      { column: 'active', order: 'desc' },
      { column: 'name', order: 'asc' },
      { column: 'code', order: 'asc' },
    ])

/**
 * One store of the merchant (locked for the caller's transaction with `forUpdate`); NOT_FOUND
 * for another merchant's or one that does not exist. The caller asks the policy about it.
 */
export const findMerchantStore = async (
  db: Queryable,
  merchantId: string,
  storeId: string,
  options: { forUpdate?: boolean } = {},
): Promise<StoreRow> => {
  if (!isUuid(storeId)) throw new AppError('NOT_FOUND')
  const query = db<StoreRow>('stores').where({ id: storeId, merchant_id: merchantId }).first()
  const store = await (options.forUpdate ? query.forUpdate() : query)
  if (!store) throw new AppError('NOT_FOUND')
  return store
}

/** A stored logo by its hash: its type and bytes (served under /media/logos/). */
export const findStoreLogo = (
  db: Queryable,
  sha256: string,
): Promise<{ content_type: string; bytes: Buffer } | undefined> =>
  db('store_logos').where('sha256', sha256).first('content_type', 'bytes')
