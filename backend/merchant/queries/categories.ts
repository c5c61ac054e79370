import type { Knex } from 'knex'
import type { CategoryDetail } from '../../../shared/schemas/category-api.ts'
import { listCategories } from '../../loyalty/category-queries.ts'
import type { MerchantScope } from '../../policies/scope.ts'
import { loadMerchantPageFrame, type PairableStore } from './kiosks.ts'

/** Everything the Categories page shows. */
export type CategoriesPageData = {
  merchantName: string
  /** The names of a store manager's stores (the layout's role line). */
  storeNames: string[]
  /** The scope's open stores: where a new category may apply. */
  stores: PairableStore[]
  categories: CategoryDetail[]
}

export const loadCategoriesPage = async (
  db: Knex,
  scope: MerchantScope,
): Promise<CategoriesPageData> => {
  const [frame, categories] = await Promise.all([
    loadMerchantPageFrame(db, scope),
    listCategories(db, scope),
  ])
  return { ...frame, categories }
}
