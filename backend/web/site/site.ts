import type { MerchantRow, PlatformRow, StoreRow } from '../../tenancy/models.ts'

/** How the customer reached a store: its own domain, a platform subdomain, or /s/<code>. */
export type HostForm = 'custom' | 'subdomain' | 'path'

export const HOST_FORMS: readonly HostForm[] = ['custom', 'subdomain', 'path']

/** A store's storefront, with the rows a page render needs. */
export type StoreSite = {
  kind: 'store'
  hostForm: HostForm
  /** `/s/<code, lowercase>` on the path form; empty on the store's own host. */
  prefix: string
  store: StoreRow
  merchant: MerchantRow
  platform: PlatformRow
}

/** The platform itself: merchant pages under /merchant, admin pages under /admin. */
export type PlatformSite = {
  kind: 'platform'
  /** Null only before any platform exists (an empty database). */
  platform: PlatformRow | null
}

export type Site = StoreSite | PlatformSite

/** The path prefix of a store on the path form (store codes are written lowercase in URLs). */
export const storePathPrefix = (code: string) => `/s/${code.toLowerCase()}`
