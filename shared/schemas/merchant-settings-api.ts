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

/**
 * The thresholds of the merchant's alerts (merchants.settings.alerts): the bounds and defaults
 * of each. Opening hours are local times of each store (its time zone); from = to: always open.
 */
export const ALERT_THRESHOLDS = {
  alert_kiosk_silent_minutes: { min: 5, max: 10_080, default: 30 },
  alert_kiosk_pending_minutes: { min: 5, max: 10_080, default: 60 },
  alert_card_earnings_per_day: { min: 1, max: 1_000, default: 5 },
  alert_adjustment_above: { min: 0, max: 1_000_000, default: 500 },
  alert_two_stores_minutes: { min: 1, max: 1_440, default: 30 },
  alert_pin_failures_per_day: { min: 1, max: 1_000, default: 10 },
} as const
export type AlertThreshold = keyof typeof ALERT_THRESHOLDS
export const ALERT_OPENING_HOURS = { from: '08:00', to: '20:00' } as const

/** A local time of day, HH:MM (00:00 to 23:59). */
export const TimeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/)

const threshold = (name: AlertThreshold) =>
  z.number().int().min(ALERT_THRESHOLDS[name].min).max(ALERT_THRESHOLDS[name].max)

/** merchants.settings.alerts, as the settings show and change them. */
export const AlertSettingsFields = z.object({
  /** When the stores are open (each in its own time zone): a silent kiosk alerts only then. */
  alert_opening_from: TimeOfDaySchema,
  alert_opening_to: TimeOfDaySchema,
  /** A kiosk not heard from for longer than this, during opening hours. */
  alert_kiosk_silent_minutes: threshold('alert_kiosk_silent_minutes'),
  /** A kiosk whose oldest operation waiting to sync is older than this. */
  alert_kiosk_pending_minutes: threshold('alert_kiosk_pending_minutes'),
  /** A card with more earnings (earn or stamp) than this in one day. */
  alert_card_earnings_per_day: threshold('alert_card_earnings_per_day'),
  /** An adjustment of more points or stamps than this (either way). */
  alert_adjustment_above: threshold('alert_adjustment_above'),
  /** Earnings on one card in two different stores within this many minutes. */
  alert_two_stores_minutes: threshold('alert_two_stores_minutes'),
  /** At least this many failed PINs on one kiosk in a day. */
  alert_pin_failures_per_day: threshold('alert_pin_failures_per_day'),
})
export type AlertSettingsFields = z.infer<typeof AlertSettingsFields>

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
  ...AlertSettingsFields.shape,
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
