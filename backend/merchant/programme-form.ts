import { z } from 'zod'
import { localizedTexts, parseForm, type FormValues } from '../web/pages/query.ts'
import { LANGUAGES } from '../../shared/languages.ts'
import {
  ProgrammeOfflineLimits,
  ProgrammePatchBody,
  ProgrammeSettings,
  RewardCreateBody,
  RewardPatchBody,
} from '../../shared/schemas/programme-api.ts'

const integer = (value: string | undefined) => {
  const text = (value ?? '').trim()
  return text === '' ? null : /^-?\d+$/.test(text) ? Number(text) : text
}
const required = (value: string | undefined) => integer(value) ?? ''

/** The form field a body path names: `name.fr` → `name_fr`, `offline_limits.x` → `x`. */
export const formFieldOf = (path: string) => path.replace(/^offline_limits\./, '').replace('.', '_')

/** The settings the form shows as one field each (names, terms and limits are split below). */
const SETTING_FIELDS = ProgrammeSettings.keyof().options.filter(
  (key): key is Exclude<typeof key, 'name' | 'terms' | 'offline_limits'> =>
    key !== 'name' && key !== 'terms' && key !== 'offline_limits',
)

/** Every field of the programme and reward forms (a message is shown beside each). */
export const PROGRAMME_FORM_FIELDS = [
  ...SETTING_FIELDS,
  ...LANGUAGES.map((language) => `name_${language}` as const),
  ...LANGUAGES.map((language) => `terms_${language}` as const),
  ...ProgrammeOfflineLimits.keyof().options,
  // A reward's: `name` (none in any language) and its cost.
  'name',
  'cost',
] as const
export type ProgrammeFormField = (typeof PROGRAMME_FORM_FIELDS)[number]

/** The message of a field (`programme.errors.<key>`): every language's name or terms share one. */
export const messageKeyOf = (field: ProgrammeFormField) =>
  field === 'name'
    ? ('reward_name' as const)
    : field.startsWith('name_')
      ? ('name' as const)
      : field.startsWith('terms_') && field !== 'terms_url'
        ? ('terms' as const)
        : (field as Exclude<ProgrammeFormField, `name_${string}` | `terms_${string}` | 'name'>)

const parse = <S extends z.ZodType>(schema: S, body: unknown): z.output<S> =>
  parseForm(schema, body, formFieldOf)

/**
 * The programme form (every setting, names and terms per language) as the PATCH body of the
 * API: empty optional numbers are "none" (null), an empty terms URL is none.
 */
export const parseProgrammeForm = (form: FormValues): ProgrammePatchBody =>
  parse(ProgrammePatchBody, {
    version: integer(form.version),
    ...(form.type ? { type: form.type } : {}),
    name: localizedTexts(form, 'name'),
    terms: localizedTexts(form, 'terms'),
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
  })

const rewardFields = (form: FormValues) => ({
  name: localizedTexts(form, 'name'),
  cost: required(form.cost),
  active: form.active === 'yes' || form.active === 'on',
})

/** The add-a-reward form. */
export const parseNewRewardForm = (form: FormValues): RewardCreateBody =>
  parse(RewardCreateBody, rewardFields(form))

/** A reward's row: names, cost, active, at the version shown. */
export const parseRewardForm = (form: FormValues): RewardPatchBody =>
  parse(RewardPatchBody, { ...rewardFields(form), version: integer(form.version) })

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
export const parseStatusForm = (form: FormValues) => parseForm(StatusForm, form)
export const parseRewardAction = (form: FormValues) =>
  parseForm(RewardActionForm, { ...form, do: form.do || undefined })
