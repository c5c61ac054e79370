import type { LocalizedText } from '../../../shared/languages.ts'
import type { CardDetail, LedgerEntryView } from '../../../shared/schemas/loyalty-api.ts'
import type { CustomerListItem, CustomerRecord } from '../../../shared/schemas/customer-api.ts'
import { presentLedgerEntry, type EntryWithStore } from '../presenters.ts'

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString()

export type CustomerListRow = {
  number: string
  status: 'active' | 'blocked'
  points_balance: number
  stamps_balance: number
  enrolled_store_id: string | null
  last_activity_at: Date
  created_at: Date
  customer_id: string
  name: string | null
  email: string | null
  phone: string | null
  marketing_consent: boolean
  anonymized_at: Date | null
  programme_type: 'points' | 'stamps'
  home_store_name: string | null
}

export const presentCustomerListItem = (row: CustomerListRow): CustomerListItem => ({
  customer_id: row.customer_id,
  card_number: row.number,
  status: row.status,
  name: row.name,
  email: row.email,
  phone: row.phone,
  marketing_consent: row.marketing_consent,
  anonymized: row.anonymized_at !== null,
  programme_type: row.programme_type,
  points_balance: row.points_balance,
  stamps_balance: row.stamps_balance,
  home_store_id: row.enrolled_store_id,
  home_store_name: row.home_store_name,
  last_activity_at: iso(row.last_activity_at) as string,
  created_at: iso(row.created_at) as string,
})

/** A member for the merchant: the card detail (phone and birthday included) and what only the merchant sees. */
export const presentCustomerRecord = (
  detail: CardDetail,
  extra: {
    version: number
    anonymized_at: Date | null
    enrolled_store_id: string | null
    home_store_name: string | null
  },
): CustomerRecord => ({
  ...detail,
  customer: { ...detail.customer, version: extra.version, anonymized_at: iso(extra.anonymized_at) },
  home_store_id: extra.enrolled_store_id,
  home_store_name: extra.home_store_name,
})

export type StoreVisit = {
  store_name: string
  store_code: string
  visits: number
  last_visit_at: string
}

export type MerchantEntryRow = EntryWithStore & {
  kiosk_name: string | null
  staff_name: string | null
  category_name: LocalizedText | null
  reward_name: LocalizedText | null
}

/** A ledger entry with who and where by name: kiosk, cashier, category, reward. */
export type MerchantLedgerEntry = LedgerEntryView & {
  kiosk_name: string | null
  staff_name: string | null
  category_name: LocalizedText | null
  reward_name: LocalizedText | null
  via_api: boolean
}

export const presentMerchantEntry = (row: MerchantEntryRow): MerchantLedgerEntry => ({
  ...presentLedgerEntry(row),
  kiosk_name: row.kiosk_name,
  staff_name: row.staff_name,
  category_name: row.category_name,
  reward_name: row.reward_name,
  via_api: row.api_key_id !== null,
})
