import type { CategoryDetail } from '../../shared/schemas/category-api.ts'
import type { LocalizedText } from '../../shared/languages.ts'

/** A transaction category row with its store's code and its count of ledger entries. */
export type CategoryRow = {
  id: string
  merchant_id: string
  store_id: string | null
  store_code: string | null
  code: string
  name: LocalizedText
  active: boolean
  position: number
  entries: number | string
  version: number
}

/** The category as the merchant page and the API show it, with its version. */
export const presentCategoryDetail = (row: CategoryRow): CategoryDetail => ({
  id: row.id,
  code: row.code,
  store_id: row.store_id,
  store_code: row.store_code,
  name: row.name,
  active: row.active,
  position: row.position,
  entries: Number(row.entries),
  version: row.version,
})

/** What the audit row keeps of a category (the fields a merchant changes). */
export const categoryAuditFields = (category: CategoryDetail) => ({
  code: category.code,
  store_id: category.store_id,
  name: category.name,
  active: category.active,
  position: category.position,
})
