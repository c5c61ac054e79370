import { z } from 'zod'
import type { Queryable } from '../../db/transaction.ts'
import { MANAGER_ADJUSTMENT_LIMIT } from '../../../shared/schemas/merchant-settings-api.ts'

/** The merchant's rules for its members' cards (merchants.settings.customers), with defaults. */
export const CustomerSettings = z.object({
  /** The most points or stamps a manager moves in one adjustment (owners: no limit). */
  manager_adjustment_limit: z
    .number()
    .int()
    .min(MANAGER_ADJUSTMENT_LIMIT.min)
    .max(MANAGER_ADJUSTMENT_LIMIT.max)
    .default(MANAGER_ADJUSTMENT_LIMIT.default),
})
export type CustomerSettings = z.infer<typeof CustomerSettings>

export const customerSettingsOf = (settings: unknown): CustomerSettings =>
  CustomerSettings.parse((settings as { customers?: unknown } | null)?.customers ?? {})

export const loadCustomerSettings = async (db: Queryable, merchantId: string) => {
  const merchant = await db('merchants').where('id', merchantId).first('settings')
  return customerSettingsOf(merchant?.settings)
}
