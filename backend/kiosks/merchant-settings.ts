import { z } from 'zod'
import type { Queryable } from '../db/transaction.ts'

/**
 * The merchant's rules for all its kiosks (merchants.settings.kiosk), with their defaults. Not a
 * device's own settings (language, scanner: DeviceSettings in shared/kiosk-bridge.ts).
 */
export const MerchantKioskSettings = z.object({
  pin_length: z.number().int().min(4).max(8).default(6),
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
})
export type MerchantKioskSettings = z.infer<typeof MerchantKioskSettings>

export const merchantKioskSettingsOf = (settings: unknown): MerchantKioskSettings =>
  MerchantKioskSettings.parse((settings as { kiosk?: unknown } | null)?.kiosk ?? {})

export const loadMerchantKioskSettings = async (db: Queryable, merchantId: string) => {
  const merchant = await db('merchants').where('id', merchantId).first('settings')
  return merchantKioskSettingsOf(merchant?.settings)
}
