import type { MerchantSettingsDetail } from '../../../shared/schemas/merchant-settings-api.ts'
import type { Language } from '../../../shared/languages.ts'
import type { Queryable } from '../../db/transaction.ts'
import { AppError } from '../../errors.ts'
import { merchantKioskSettingsOf } from '../../kiosks/merchant-settings.ts'
import { customerSettingsOf } from '../../loyalty/customers/customer-settings.ts'
import { alertSettingsOf } from '../../alerts/alert-settings.ts'

export type MerchantSettingsRow = {
  id: string
  default_language: Language
  settings: unknown
  version: number
}

/** The merchant's settings as the Settings page shows them, with the row's version. */
export const presentMerchantSettings = (row: MerchantSettingsRow): MerchantSettingsDetail => {
  const kiosk = merchantKioskSettingsOf(row.settings)
  return {
    pin_length: kiosk.pin_length,
    idle_lock_minutes: kiosk.idle_lock_minutes,
    default_language: row.default_language,
    manager_adjustment_limit: customerSettingsOf(row.settings).manager_adjustment_limit,
    ...alertSettingsOf(row.settings),
    version: row.version,
  }
}

/** The merchant's row as the settings need it (locked for an update when asked). */
export const findMerchantSettingsRow = async (
  db: Queryable,
  merchantId: string,
  options: { forUpdate?: boolean } = {},
): Promise<MerchantSettingsRow> => {
  const query = db('merchants')
    .where('id', merchantId)
    .first<MerchantSettingsRow | undefined>('id', 'default_language', 'settings', 'version')
  const row = await (options.forUpdate ? query.forUpdate() : query)
  if (!row) throw new AppError('NOT_FOUND')
  return row
}

export const loadMerchantSettings = async (
  db: Queryable,
  merchantId: string,
): Promise<MerchantSettingsDetail> =>
  presentMerchantSettings(await findMerchantSettingsRow(db, merchantId))
