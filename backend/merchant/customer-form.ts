import { z } from 'zod'
import { dateFromParts } from '../../shared/schemas/storefront.ts'
import { CustomerPatchBody } from '../../shared/schemas/customer-api.ts'
import { LanguageSchema } from '../../shared/schemas/common.ts'
import type { FormValues } from '../web/pages/query.ts'

type Parsed<T> = { ok: true; value: T } | { ok: false; fields: string[] }

const fieldsOf = (error: z.ZodError) => [...new Set(error.issues.map((i) => String(i.path[0])))]

const text = (value: string | undefined) => (value ?? '').trim()

/** The contact form as the customer PATCH body (every field, at the version shown). */
export const parseContactForm = (form: FormValues): Parsed<CustomerPatchBody> => {
  const birthday = dateFromParts({
    day: form.birthday_day,
    month: form.birthday_month,
    year: form.birthday_year,
  })
  const result = CustomerPatchBody.safeParse({
    version: /^\d+$/.test(text(form.version)) ? Number(form.version) : form.version,
    name: text(form.name),
    email: text(form.email).toLowerCase(),
    phone: text(form.phone) || null,
    birthday: birthday.ok ? (birthday.date ?? null) : 'invalid',
    preferred_language: LanguageSchema.safeParse(form.preferred_language).success
      ? form.preferred_language
      : null,
    marketing_consent: form.marketing_consent === 'yes',
  })
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, fields: fieldsOf(result.error) }
}

const Reason = z.string().trim().min(3).max(500)

export const AdjustForm = z.object({
  client_id: z.uuid(),
  delta: z
    .string()
    .trim()
    .regex(/^[+-]?\d{1,7}$/)
    .transform(Number)
    .refine((n) => n !== 0),
  reason: Reason,
})

export const ReverseForm = z.object({ client_id: z.uuid(), entry_id: z.uuid(), reason: Reason })

export const BlockForm = z.object({
  blocked: z.enum(['true', 'false']),
  reason: z.string().trim().max(500).optional(),
})

export const AnonymizeForm = z.object({ confirm: z.literal('yes') })

/** A posted form read by `schema`: its value, or the fields it refused. */
export const parseForm = <S extends z.ZodType>(
  schema: S,
  form: FormValues,
): Parsed<z.output<S>> => {
  const result = schema.safeParse(form)
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, fields: fieldsOf(result.error) }
}
