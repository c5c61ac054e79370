import { z } from 'zod'
import { validationFailed } from '../errors.ts'
import { LANGUAGES } from '../../shared/languages.ts'
import {
  ProgrammePatchBody,
  RewardCreateBody,
  RewardPatchBody,
} from '../../shared/schemas/programme-api.ts'

/** A submitted form, as typed (re-shown when something is refused). */
export type FormValues = Record<string, string | undefined>

const integer = (value: string | undefined) => {
  const text = (value ?? '').trim()
  return text === '' ? null : /^-?\d+$/.test(text) ? Number(text) : text
}
const required = (value: string | undefined) => integer(value) ?? ''

const texts = (form: FormValues, prefix: string) =>
  Object.fromEntries(
    LANGUAGES.map((language) => [language, (form[`${prefix}_${language}`] ?? '').trim()]).filter(
      ([, text]) => text !== '',
    ),
  )

/** The form field an issue names: `name.fr` → `name_fr`, `offline_limits.x` → `x`. */
const fieldOf = (path: PropertyKey[]) =>
  path[0] === 'offline_limits' ? String(path[1]) : path.map(String).join('_')

type Parsed<T> = { ok: true; value: T } | { ok: false; fields: string[] }

const parsed = <T>(result: z.ZodSafeParseResult<T>): Parsed<T> =>
  result.success
    ? { ok: true, value: result.data }
    : { ok: false, fields: result.error.issues.map((issue) => fieldOf(issue.path)) }

/**
 * The programme form (every setting, names and terms per language) as the PATCH body of the
 * API: empty optional numbers are "none" (null), an empty terms URL is none.
 */
export const parseProgrammeForm = (form: FormValues): Parsed<ProgrammePatchBody> =>
  parsed(
    ProgrammePatchBody.safeParse({
      version: integer(form.version),
      ...(form.type ? { type: form.type } : {}),
      name: texts(form, 'name'),
      terms: texts(form, 'terms'),
      terms_url: (form.terms_url ?? '').trim() || null,
      points_per_currency_unit: required(form.points_per_currency_unit),
      stamps_required: integer(form.stamps_required),
      welcome_bonus: required(form.welcome_bonus),
      cooldown_minutes: required(form.cooldown_minutes),
      daily_cap: integer(form.daily_cap),
      expiry_months: integer(form.expiry_months),
      offline_limits: {
        max_offline_minutes_for_redemptions: required(form.max_offline_minutes_for_redemptions),
        max_offline_redemption_points: required(form.max_offline_redemption_points),
      },
    }),
  )

const rewardFields = (form: FormValues) => ({
  name: texts(form, 'name'),
  cost: required(form.cost),
  active: form.active === 'yes' || form.active === 'on',
})

/** The add-a-reward form. */
export const parseNewRewardForm = (form: FormValues): Parsed<RewardCreateBody> =>
  parsed(RewardCreateBody.safeParse(rewardFields(form)))

/** A reward's row: names, cost, active, at the version shown. */
export const parseRewardForm = (form: FormValues): Parsed<RewardPatchBody> =>
  parsed(RewardPatchBody.safeParse({ ...rewardFields(form), version: integer(form.version) }))

const StatusForm = z.object({
  status: z.enum(['activate', 'pause']),
  version: z.coerce.number().int().positive(),
})
const RewardActionForm = z.object({
  do: z.enum(['save', 'delete', 'up', 'down']).default('save'),
  version: z.coerce.number().int().positive(),
})

/**
 * The hidden fields of a status or reward button (never typed by a person: a tampered form is
 * VALIDATION_FAILED, not a status picked by default or a NaN version).
 */
export const parseStatusForm = (form: FormValues) => strict(StatusForm, form)
export const parseRewardAction = (form: FormValues) =>
  strict(RewardActionForm, { ...form, do: form.do || undefined })

const strict = <S extends z.ZodType>(schema: S, form: unknown): z.output<S> => {
  const result = schema.safeParse(form)
  if (!result.success) throw validationFailed(result.error)
  return result.data
}
