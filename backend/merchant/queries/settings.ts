import type { Knex } from 'knex'
import type { MerchantSettingsDetail } from '../../../shared/schemas/merchant-settings-api.ts'
import { inStores, type MerchantScope } from '../../policies/scope.ts'
import { loadMerchantSettings } from '../../tenancy/queries/merchant-settings.ts'

export type SettingsPageData = {
  merchantName: string
  storeNames: string[]
  settings: MerchantSettingsDetail
}

/** What the Settings page shows: the merchant's settings and the layout's data. */
export const loadSettingsPage = async (
  db: Knex,
  scope: MerchantScope,
): Promise<SettingsPageData> => {
  const [settings, merchant, stores] = await Promise.all([
    loadMerchantSettings(db, scope.merchantId),
    db('merchants').where('id', scope.merchantId).first<{ name: string }>('name'),
    db('stores')
      .where('merchant_id', scope.merchantId)
      .modify(inStores('id', scope))
      .orderBy('name')
      .select<{ name: string }[]>('name'),
  ])
  return { merchantName: merchant?.name ?? '', storeNames: stores.map((s) => s.name), settings }
}
