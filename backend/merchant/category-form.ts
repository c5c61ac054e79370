import { CategoryCreateBody, CategoryPatchBody } from '../../shared/schemas/category-api.ts'
import { localizedTexts, type FormValues } from '../web/pages/query.ts'

// The Categories page's forms as the API's bodies (shared/schemas/category-api.ts): names per
// language in `name_<lng>`, the store as its id ('' for every store), active as a checkbox.

type Parsed<T> = { ok: true; value: T } | { ok: false; fields: string[] }

const version = (form: FormValues) => {
  const text = (form.version ?? '').trim()
  return /^\d+$/.test(text) ? Number(text) : text
}

/** The field a zod issue names (`name.fr` → `name`: one message for the names). */
const fieldsOf = (issues: { path: PropertyKey[] }[]) => [
  ...new Set(issues.map((issue) => String(issue.path[0] ?? ''))),
]

/** The new-category form: code, store ('' = every store), names. */
export const parseNewCategoryForm = (form: FormValues): Parsed<CategoryCreateBody> => {
  const result = CategoryCreateBody.safeParse({
    code: (form.code ?? '').trim(),
    store_id: (form.store_id ?? '').trim() || null,
    name: localizedTexts(form, 'name'),
    active: true,
  })
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, fields: fieldsOf(result.error.issues) }
}

/** A category's row: names and active, at the version shown. */
export const parseCategoryForm = (form: FormValues): Parsed<CategoryPatchBody> => {
  const result = CategoryPatchBody.safeParse({
    version: version(form),
    name: localizedTexts(form, 'name'),
    active: form.active === 'yes' || form.active === 'on',
  })
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, fields: fieldsOf(result.error.issues) }
}
