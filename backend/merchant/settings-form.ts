import {
  ALERT_THRESHOLDS,
  MerchantSettingsPatchBody,
  type AlertThreshold,
} from '../../shared/schemas/merchant-settings-api.ts'
import type { FormValues } from '../web/pages/query.ts'

const integer = (value: string | undefined) => {
  const text = (value ?? '').trim()
  return /^\d+$/.test(text) ? Number(text) : text
}

const ALERT_THRESHOLD_FIELDS = Object.keys(ALERT_THRESHOLDS) as AlertThreshold[]

/** The alert fields of the Settings form (merchants.settings.alerts). */
export const ALERT_SETTING_FIELDS = [
  'alert_opening_from',
  'alert_opening_to',
  ...ALERT_THRESHOLD_FIELDS,
] as const

/** The fields of the Settings form a refusal names (one message each). */
export const SETTINGS_FIELDS = [
  'pin_length',
  'idle_lock_minutes',
  'default_language',
  'manager_adjustment_limit',
  ...ALERT_SETTING_FIELDS,
  'version',
] as const

/** The Settings form as the PATCH body of the settings (every field, at the version shown). */
export const parseSettingsForm = (
  form: FormValues,
): { ok: true; value: MerchantSettingsPatchBody } | { ok: false; fields: string[] } => {
  const result = MerchantSettingsPatchBody.safeParse({
    version: integer(form.version),
    pin_length: integer(form.pin_length),
    idle_lock_minutes: integer(form.idle_lock_minutes),
    default_language: form.default_language,
    // A form without the field (posted by a page older than it) keeps the stored limit.
    manager_adjustment_limit:
      form.manager_adjustment_limit === undefined
        ? undefined
        : integer(form.manager_adjustment_limit),
    // Likewise for the alert thresholds: a field the form lacks keeps its stored value.
    ...Object.fromEntries(
      ALERT_THRESHOLD_FIELDS.map((name) => [
        name,
        form[name] === undefined ? undefined : integer(form[name]),
      ]),
    ),
    alert_opening_from: form.alert_opening_from?.trim(),
    alert_opening_to: form.alert_opening_to?.trim(),
  })
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, fields: result.error.issues.map((issue) => String(issue.path[0])) }
}
