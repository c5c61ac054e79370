import type { z } from 'zod'
import type { FieldError } from '../../shared/errors.ts'
import { validationFailed } from '../errors.ts'
import type { FormValues } from '../web/pages/query.ts'

/** The posted fields `names` of a form, parsed by `schema`; integers in `integers` as numbers. */
export const parseAdminForm = <S extends z.ZodType>(
  schema: S,
  form: FormValues,
  names: readonly string[],
  integers: readonly string[] = [],
): { ok: true; value: z.output<S> } | { ok: false; fields: FieldError[] } => {
  const input = Object.fromEntries(
    names.map((name) => {
      const raw = form[name] ?? ''
      return [name, integers.includes(name) && /^\d+$/.test(raw.trim()) ? Number(raw) : raw]
    }),
  )
  const parsed = schema.safeParse(input)
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, fields: validationFailed(parsed.error).details.fields }
}
