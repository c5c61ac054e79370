import type { CategoryDetail } from '../../shared/schemas/category-api.ts'
import { isUuid } from '../../shared/schemas/common.ts'
import type { Queryable } from '../db/transaction.ts'
import { AppError } from '../errors.ts'
import type { MerchantScope } from '../policies/scope.ts'
import { presentCategoryDetail, type CategoryRow } from './category-presenters.ts'

/** Categories with their store's code and how many ledger entries name them. */
const categories = (db: Queryable, merchantId: string) =>
  db('transaction_categories as tc')
    .leftJoin('stores as s', 's.id', 'tc.store_id')
    .where('tc.merchant_id', merchantId)
    .select(
      'tc.id',
      'tc.merchant_id',
      'tc.store_id',
      's.code as store_code',
      'tc.code',
      'tc.name',
      'tc.active',
      'tc.position',
      'tc.version',
      db.raw(
        '(SELECT count(*) FROM ledger_entries le WHERE le.category_id = tc.id)::int AS entries',
      ),
    )

/**
 * The categories within the scope: every one of the merchant's for the owner, a merchant-wide
 * manager and the API key; a manager limited to some stores sees the merchant-wide ones and
 * those of their stores (inStores does not fit: a merchant-wide category has no store).
 */
export const listCategories = async (
  db: Queryable,
  scope: MerchantScope,
): Promise<CategoryDetail[]> => {
  const rows: CategoryRow[] = await categories(db, scope.merchantId)
    .modify((query) => {
      if (scope.storeIds)
        void query.where((q) =>
          q.whereNull('tc.store_id').orWhereIn('tc.store_id', scope.storeIds!),
        )
    })
    .orderByRaw('tc.store_id IS NOT NULL, s.code, tc.position, tc.code')
  return rows.map(presentCategoryDetail)
}

/** One category of the merchant's (NOT_FOUND otherwise); the policy decides who reaches it. */
export const findCategory = async (
  db: Queryable,
  merchantId: string,
  id: string,
): Promise<CategoryDetail> => {
  if (!isUuid(id)) throw new AppError('NOT_FOUND')
  const row: CategoryRow | undefined = await categories(db, merchantId).where('tc.id', id).first()
  if (!row) throw new AppError('NOT_FOUND')
  return presentCategoryDetail(row)
}
