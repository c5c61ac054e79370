import { z } from 'zod'
import { LanguageSchema } from './common.ts'

// What a kiosk keeps a copy of to work offline, as the sync pull sends it
// (shared/schemas/kiosk-api.ts SyncResult `changes`). backend/kiosks/presenters.ts produces
// these shapes; the kiosk parses every pull with them and reads its copy back with them.

/** Merchant-entered text, one value per language code (the kiosk shows it as it is). */
const LocalizedName = z.record(z.string(), z.string())

export const CardSnapshot = z.object({
  id: z.uuid(),
  number: z.string(),
  status: z.enum(['active', 'blocked']),
  programme_id: z.uuid(),
  points_balance: z.number().int(),
  stamps_balance: z.number().int(),
  last_earn_at: z.string().nullable(),
  customer_name: z.string().nullable(),
  preferred_language: LanguageSchema.nullable(),
  /** The card's last activity at any store, and whether it was enrolled at the kiosk's store:
   * the kiosk drops cards that left its window (decisions 85, 93). Older servers sent neither. */
  last_activity_at: z.string().nullable().optional(),
  home: z.boolean().optional(),
})
/** A kiosk carries the cards seen at any of the merchant's stores in this many days. */
export const KIOSK_CARD_WINDOW_DAYS = 90
export type CardSnapshot = z.infer<typeof CardSnapshot>

/** The merchant's live programme (active or paused: a paused one still redeems). */
export const ProgrammeSnapshot = z.object({
  id: z.uuid(),
  type: z.enum(['points', 'stamps']),
  name: LocalizedName,
  status: z.enum(['draft', 'active', 'paused']),
  points_per_currency_unit: z.number().int().min(0),
  stamps_required: z.number().int().nullable(),
  welcome_bonus: z.number().int().min(0),
  cooldown_minutes: z.number().int().min(0),
  daily_cap: z.number().int().nullable(),
})
export type ProgrammeSnapshot = z.infer<typeof ProgrammeSnapshot>

export const RewardSnapshot = z.object({
  id: z.uuid(),
  programme_id: z.uuid(),
  name: LocalizedName,
  cost: z.number().int(),
  active: z.boolean(),
})
export type RewardSnapshot = z.infer<typeof RewardSnapshot>

/** What an earning or a stamp may be filed under, in the kiosk's store or merchant-wide. */
export const CategorySnapshot = z.object({
  id: z.uuid(),
  code: z.string(),
  name: LocalizedName,
  active: z.boolean(),
})
export type CategorySnapshot = z.infer<typeof CategorySnapshot>

export const StaffSnapshot = z.object({
  id: z.uuid(),
  name: z.string(),
  pin_hash: z.string().nullable(),
  locked: z.boolean(),
  pin_changed_at: z.string().nullable(),
})
export type StaffSnapshot = z.infer<typeof StaffSnapshot>

/** How far the merchant lets a kiosk redeem without the server (MerchantKioskSettings). */
export const OfflineLimits = z.object({
  max_offline_minutes_for_redemptions: z.number().int(),
  max_offline_redemption_points: z.number().int(),
})
export type OfflineLimits = z.infer<typeof OfflineLimits>

/** The kiosk itself as the server sees it, with the merchant's rules for all its kiosks. */
export const KioskSnapshot = z.object({
  status: z.enum(['pending', 'active', 'revoked']),
  offline_limits: OfflineLimits,
  /** The longest the kiosk may stay unlocked without a touch or a key (shared/idle-lock.ts). */
  idle_lock_minutes: z.number().int().min(1).max(120),
})
export type KioskSnapshot = z.infer<typeof KioskSnapshot>
