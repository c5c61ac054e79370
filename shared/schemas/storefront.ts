import { z } from 'zod'

// The storefront's forms as the browser posts them (application/x-www-form-urlencoded: every
// value a string, an unchecked box absent). Issues carry the field name; the page turns each
// into a localized message.

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined))

/** Day, month and year fields → `YYYY-MM-DD`, or undefined when all three are empty. */
export const dateFromParts = (parts: {
  day?: string | undefined
  month?: string | undefined
  year?: string | undefined
}): { ok: true; date: string | undefined } | { ok: false } => {
  const [day, month, year] = [parts.day, parts.month, parts.year].map((v) => (v ?? '').trim())
  if (!day && !month && !year) return { ok: true, date: undefined }
  if (!/^\d{1,2}$/.test(day!) || !/^\d{1,2}$/.test(month!) || !/^\d{4}$/.test(year!))
    return { ok: false }
  const [d, m, y] = [Number(day), Number(month), Number(year)]
  const date = new Date(Date.UTC(y, m - 1, d))
  const valid =
    date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
  const now = new Date()
  if (!valid || y < 1900 || date > now) return { ok: false }
  return { ok: true, date: `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` }
}

export const JoinForm = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email()),
    name: z.string().trim().min(1).max(200),
    phone: optionalText(24).pipe(
      z
        .string()
        .regex(/^\+?[0-9 ()./-]{6,24}$/)
        .optional(),
    ),
    birthday_day: z.string().optional(),
    birthday_month: z.string().optional(),
    birthday_year: z.string().optional(),
    terms: z.literal('yes'),
    marketing: z.literal('yes').optional(),
  })
  .transform((form, ctx) => {
    const birthday = dateFromParts({
      day: form.birthday_day,
      month: form.birthday_month,
      year: form.birthday_year,
    })
    if (!birthday.ok) {
      ctx.addIssue({ code: 'custom', path: ['birthday'], message: 'birthday' })
      return z.NEVER
    }
    return {
      email: form.email,
      name: form.name,
      phone: form.phone,
      birthday: birthday.date,
      marketingConsent: form.marketing === 'yes',
    }
  })
export type JoinForm = z.output<typeof JoinForm>

/** The field each issue belongs to (the first path segment; birthday parts → birthday). */
export const fieldsWithIssues = (error: z.ZodError): string[] => [
  ...new Set(
    error.issues.map((issue) => String(issue.path[0] ?? '').replace(/^birthday_.*$/, 'birthday')),
  ),
]
