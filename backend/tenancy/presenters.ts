import type { LocalizedText } from '../../shared/languages.ts'
import type { StoreDetail } from '../../shared/schemas/store-api.ts'
import type { StoreRow } from './models.ts'

/** A store as the member's account lists it. */
export type StoreView = {
  code: string
  name: string
  description: LocalizedText
  address: {
    line1: string | null
    line2: string | null
    postal_code: string | null
    city: string | null
    country: string | null
  }
  /** The store's phone, as customers should dial it. */
  phone: string | null
}

/** A store's public face: name, description per language, address, phone. */
export const presentStore = (
  store: Pick<
    StoreRow,
    | 'code'
    | 'name'
    | 'description'
    | 'address_line1'
    | 'address_line2'
    | 'postal_code'
    | 'city'
    | 'country'
    | 'phone'
  >,
): StoreView => ({
  code: store.code,
  name: store.name,
  description: store.description ?? {},
  address: {
    line1: store.address_line1,
    line2: store.address_line2,
    postal_code: store.postal_code,
    city: store.city,
    country: store.country,
  },
  phone: store.phone,
})

/** A store as its merchant edits it (the Stores page, `GET /api/v1/stores`), with its version. */
export const presentStoreDetail = (store: StoreRow): StoreDetail => ({
  id: store.id,
  code: store.code,
  name: store.name,
  description: store.description ?? {},
  address_line1: store.address_line1,
  address_line2: store.address_line2,
  postal_code: store.postal_code,
  city: store.city,
  country: store.country,
  phone: store.phone,
  timezone: store.timezone,
  default_language: store.default_language,
  logo_url: store.logo_url,
  brand_color: store.brand_color,
  subdomain: store.subdomain,
  custom_domain: store.custom_domain,
  active: store.active,
  version: store.version,
  updated_at: new Date(store.updated_at).toISOString(),
})
