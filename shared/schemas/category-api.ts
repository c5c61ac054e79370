import { z } from 'zod'
import { LanguageSchema, VersionSchema } from './common.ts'

// Transaction categories over /api/v1/categories (and the merchant's Categories page, which
// parses its forms into the same shapes): what an earning or a stamp is filed under, for the
// whole merchant (store_id null) or one store. Fields are named like the columns; every answer
// carries `version`, every change names the version it edits (a stale one is EDIT_CONFLICT).
// A category is never deleted (ledger entries name it): it is deactivated.

/** As the database checks it: lower-case letters, digits, `_` and `-`, up to 48. */
export const CATEGORY_CODE = /^[a-z0-9][a-z0-9_-]{0,47}$/

const CategoryName = z
  .partialRecord(LanguageSchema, z.string().trim().max(100))
  .refine((name) => Object.values(name).some((text) => text?.trim()), { message: 'required' })

export const CategoryCreateBody = z.strictObject({
  code: z.string().trim().regex(CATEGORY_CODE),
  /** null or absent: every store of the merchant. */
  store_id: z.uuid().nullable().optional(),
  name: CategoryName,
  active: z.boolean().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
})
export type CategoryCreateBody = z.infer<typeof CategoryCreateBody>

/** The code and the store are fixed once created (entries and kiosks name the category). */
export const CategoryPatchBody = z.strictObject({
  version: VersionSchema,
  name: CategoryName.optional(),
  active: z.boolean().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
})
export type CategoryPatchBody = z.infer<typeof CategoryPatchBody>

export const CategoryIdParams = z.object({ id: z.uuid() })

export const CategoryDetail = z.object({
  id: z.uuid(),
  code: z.string(),
  store_id: z.uuid().nullable(),
  /** The store's code, null for a merchant-wide category. */
  store_code: z.string().nullable(),
  name: z.partialRecord(LanguageSchema, z.string()),
  active: z.boolean(),
  position: z.number().int(),
  /** Ledger entries filed under it: such a category can only be deactivated. */
  entries: z.number().int(),
  version: z.number().int(),
})
export type CategoryDetail = z.infer<typeof CategoryDetail>
