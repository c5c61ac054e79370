import { z } from 'zod'
import { LanguageSchema } from './common.ts'
import { JoinForm, dateFromParts } from './storefront.ts'

// The member pages' forms as the browser posts them (see storefront.ts). Name and phone follow
// exactly the join form's rules, so a member can always save what they joined with.

const joinFields = JoinForm.in.shape

/** The profile form: name, phone, birthday, language, marketing consent. */
export const ProfileForm = z
  .object({
    name: joinFields.name,
    phone: joinFields.phone,
    birthday_day: z.string().optional(),
    birthday_month: z.string().optional(),
    birthday_year: z.string().optional(),
    language: LanguageSchema,
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
      name: form.name,
      phone: form.phone ?? null,
      birthday: birthday.date ?? null,
      language: form.language,
      marketingConsent: form.marketing === 'yes',
    }
  })
export type ProfileForm = z.output<typeof ProfileForm>

/**
 * The password form. The current password is checked by the server (it is not asked when the
 * member has none yet); the length policy is the server's too (PASSWORD_TOO_SHORT / _LONG).
 */
export const PasswordForm = z.object({
  current_password: z.string().max(1024).optional(),
  new_password: z.string().min(1).max(1024),
})
export type PasswordForm = z.output<typeof PasswordForm>

/** Account deletion is deliberate: the box must be ticked (also when scripts do not run). */
export const DeleteAccountForm = z.object({ confirm: z.literal('yes') })

/** `?page=` of the history: anything that is not a page number is the first page. */
export const HistoryQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
})
