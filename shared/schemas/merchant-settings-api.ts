import { z } from 'zod'
import { LanguageSchema, VersionSchema } from './common.ts'

// The merchant's own settings (the Settings page): the length of new staff PINs and the
// kiosks' idle lock (merchants.settings.kiosk), and the language of the merchant's emails
// (merchants.default_language). Named like where they are stored; a change names the version
// of the merchant's row it edits (a stale one is EDIT_CONFLICT).

/** The bounds of a staff PIN's length (the kiosk accepts any PIN within them). */
export const PIN_LENGTH = { min: 4, max: 8 } as const

/** The bounds of a kiosk's idle lock, in minutes (the device's setting has the same). */
export const IDLE_LOCK_MINUTES = { min: 1, max: 120 } as const

/** The most points or stamps a manager may move in one adjustment (owners have no limit). */
export const MANAGER_ADJUSTMENT_LIMIT = { min: 0, max: 1_000_000, default: 100 } as const

export const MerchantSettingsFields = z.strictObject({
  pin_length: z.number().int().min(PIN_LENGTH.min).max(PIN_LENGTH.max),
  /** The longest a kiosk of the merchant stays unlocked without a touch or a key. */
  idle_lock_minutes: z.number().int().min(IDLE_LOCK_MINUTES.min).max(IDLE_LOCK_MINUTES.max),
  /** The language of the merchant's emails where the recipient has none (and no store's). */
  default_language: LanguageSchema,
  /** merchants.settings.customers: a manager's largest adjustment of a member's balance. */
  manager_adjustment_limit: z
    .number()
    .int()
    .min(MANAGER_ADJUSTMENT_LIMIT.min)
    .max(MANAGER_ADJUSTMENT_LIMIT.max),
})
export type MerchantSettingsFields = z.infer<typeof MerchantSettingsFields>

export const MerchantSettingsPatchBody = MerchantSettingsFields.partial().extend({
  version: VersionSchema,
})
export type MerchantSettingsPatchBody = z.infer<typeof MerchantSettingsPatchBody>

export const MerchantSettingsDetail = MerchantSettingsFields.extend({
  version: z.number().int(),
})
export type MerchantSettingsDetail = z.infer<typeof MerchantSettingsDetail>
