import type { LocalizedText } from '../../shared/languages.ts'
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
}

/** A store's public face: name, description per language, address. */
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
})
