import { z } from 'zod'
import type { Queryable } from '../db/transaction.ts'
import { DEFAULT_DEVICE_SETTINGS } from '../../shared/kiosk-bridge.ts'
import { IDLE_LOCK_MINUTES, PIN_LENGTH } from '../../shared/schemas/merchant-settings-api.ts'

/** A merchant's idle lock until the owner sets one: the device's own default. */
export const DEFAULT_IDLE_LOCK_MINUTES = DEFAULT_DEVICE_SETTINGS.idleLockMinutes

/**
 * The merchant's rules for all its kiosks (merchants.settings.kiosk), with their defaults. Not a
 * device's own settings (language, scanner: DeviceSettings in shared/kiosk-bridge.ts).
 */
export const MerchantKioskSettings = z.object({
  pin_length: z.number().int().min(PIN_LENGTH.min).max(PIN_LENGTH.max).default(6),
  /** Failed attempts, across all kiosks, after which a PIN is locked everywhere. */
  pin_lock_threshold: z.number().int().min(3).max(50).default(10),
  max_offline_minutes_for_redemptions: z
    .number()
    .int()
    .min(0)
    .default(24 * 60),
  max_offline_redemption_points: z.number().int().min(0).default(500),
  /** Card numbers kept reserved for each kiosk's offline enrollments. */
  offline_card_numbers: z.number().int().min(0).max(500).default(25),
  /**
   * The longest a kiosk stays unlocked without a touch or a key: a device may lock sooner
   * (its own idleLockMinutes), never later (docs/decisions.md).
   */
  idle_lock_minutes: z
    .number()
    .int()
    .min(IDLE_LOCK_MINUTES.min)
    .max(IDLE_LOCK_MINUTES.max)
    .default(DEFAULT_IDLE_LOCK_MINUTES),
})
export type MerchantKioskSettings = z.infer<typeof MerchantKioskSettings>

export const merchantKioskSettingsOf = (settings: unknown): MerchantKioskSettings =>
  MerchantKioskSettings.parse((settings as { kiosk?: unknown } | null)?.kiosk ?? {})

export const loadMerchantKioskSettings = async (db: Queryable, merchantId: string) => {
  const merchant = await db('merchants').where('id', merchantId).first('settings')
  return merchantKioskSettingsOf(merchant?.settings)
}
