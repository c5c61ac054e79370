import type { z } from 'zod'
import { LANGUAGES, type LocalizedText } from '../../../shared/languages.ts'
import { AppError, validationFailed } from '../../errors.ts'
import type { PageCtx } from './page.tsx'

/** A query-string parameter as trimmed text; '' when absent or repeated. */
export const queryText = (ctx: PageCtx, name: string): string => {
  const value = ctx.query[name]
  return typeof value === 'string' ? value.trim() : ''
}

/** The `page` parameter of a paginated list: a whole number from 1, else 1. */
export const pageNumber = (ctx: PageCtx): number => {
  const n = Number(queryText(ctx, 'page'))
  return Number.isInteger(n) && n > 0 ? n : 1
}

/** A posted form's fields (urlencoded: every value a string; absent fields undefined). */
export type FormValues = Record<string, string | undefined>

/** The fields of a posted form, as typed (re-shown when something is refused). */
export const formBody = (ctx: PageCtx): FormValues => (ctx.request.body ?? {}) as FormValues

/** A text per language from the fields `<prefix>_<lng>`, trimmed, the empty ones left out. */
export const localizedTexts = (form: FormValues, prefix: string): LocalizedText =>
  Object.fromEntries(
    LANGUAGES.map((language) => [language, (form[`${prefix}_${language}`] ?? '').trim()]).filter(
      ([, text]) => text !== '',
    ),
  )

/**
 * A posted form read by `schema`: one that does not fit is VALIDATION_FAILED with a field per
 * issue, as the API answers a body — for a person's fields (the page shows each message) and for
 * hidden ones alike (a tampered version or action never reaches a command).
 */
export const parseForm = <S extends z.ZodType>(
  schema: S,
  form: unknown,
  /** The form field a schema path names, when the form's names are not the body's. */
  fieldOf: (path: string) => string = (path) => path,
): z.output<S> => {
  const result = schema.safeParse(form)
  if (result.success) return result.data
  const fields = validationFailed(result.error).details.fields
  throw new AppError('VALIDATION_FAILED', {
    fields: fields.map((field) => ({ ...field, path: fieldOf(field.path) })),
  })
}
