import { z } from 'zod'
import {
  ALERT_OPENING_HOURS,
  ALERT_THRESHOLDS,
  AlertSettingsFields,
  type AlertThreshold,
} from '../../shared/schemas/merchant-settings-api.ts'
import type { Queryable } from '../db/transaction.ts'

const withDefault = (name: AlertThreshold) =>
  AlertSettingsFields.shape[name].catch(ALERT_THRESHOLDS[name].default)

/**
 * The merchant's alert thresholds (merchants.settings.alerts), each with its default: a missing
 * or unreadable value falls back to it, so an old row never stops the sweep.
 */
export const AlertSettings = z.object({
  alert_opening_from: AlertSettingsFields.shape.alert_opening_from.catch(ALERT_OPENING_HOURS.from),
  alert_opening_to: AlertSettingsFields.shape.alert_opening_to.catch(ALERT_OPENING_HOURS.to),
  alert_kiosk_silent_minutes: withDefault('alert_kiosk_silent_minutes'),
  alert_kiosk_pending_minutes: withDefault('alert_kiosk_pending_minutes'),
  alert_card_earnings_per_day: withDefault('alert_card_earnings_per_day'),
  alert_adjustment_above: withDefault('alert_adjustment_above'),
  alert_two_stores_minutes: withDefault('alert_two_stores_minutes'),
  alert_pin_failures_per_day: withDefault('alert_pin_failures_per_day'),
})
export type AlertSettings = z.infer<typeof AlertSettings>

export const alertSettingsOf = (settings: unknown): AlertSettings =>
  AlertSettings.parse((settings as { alerts?: unknown } | null)?.alerts ?? {})

export const loadAlertSettings = async (db: Queryable, merchantId: string) => {
  const merchant = await db('merchants').where('id', merchantId).first('settings')
  return alertSettingsOf(merchant?.settings)
}
