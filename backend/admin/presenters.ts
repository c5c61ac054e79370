// Rows → what the admin pages show (plain camelCase objects, no database row in a view).

/** A store's columns as the platform overview reads them, with its member count. */
export type AdminStoreRow = {
  id: string
  code: string
  name: string
  active: boolean
  members: number
}

export type AdminStore = {
  id: string
  code: string
  name: string
  active: boolean
  members: number
  storefrontUrl: string
}

/** A merchant's columns as the platform overview reads them, with its counts. */
export type AdminMerchantRow = {
  id: string
  name: string
  slug: string
  status: 'active' | 'suspended'
  platform_name: string
  members: number
  programme_type: 'points' | 'stamps' | null
}

export type AdminMerchant = {
  id: string
  name: string
  slug: string
  status: 'active' | 'suspended'
  platformName: string
  members: number
  programmeType: 'points' | 'stamps' | null
  stores: AdminStore[]
}

/** A store with its storefront's canonical address. */
export const presentAdminStore = (store: AdminStoreRow, storefrontUrl: string): AdminStore => ({
  id: store.id,
  code: store.code,
  name: store.name,
  active: store.active,
  members: store.members,
  storefrontUrl,
})

export const presentAdminMerchant = (
  merchant: AdminMerchantRow,
  stores: AdminStore[],
): AdminMerchant => ({
  id: merchant.id,
  name: merchant.name,
  slug: merchant.slug,
  status: merchant.status,
  platformName: merchant.platform_name,
  members: merchant.members,
  programmeType: merchant.programme_type,
  stores,
})
