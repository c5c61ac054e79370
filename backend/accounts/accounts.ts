import type { Language } from '../../shared/languages.ts'
import type { Audience } from './settings.ts'

/** A web account: a customer (of one merchant), a merchant user, or a platform admin. */
export type AccountRef =
  | { audience: 'customer'; id: string; merchantId: string }
  | { audience: 'merchant'; id: string; merchantId: string }
  | { audience: 'admin'; id: string }

/** How a login or reset form names an account: customers by email within the store's merchant. */
export type AccountLookup =
  | { audience: 'customer'; merchantId: string; email: string }
  | { audience: 'merchant'; email: string }
  | { audience: 'admin'; email: string }

export type MerchantRole = 'owner' | 'manager'

export type SessionCustomer = {
  id: string
  merchantId: string
  email: string
  name: string | null
  preferredLanguage: Language | null
}

export type SessionMerchantUser = {
  id: string
  merchantId: string
  email: string
  name: string
  role: MerchantRole
  /** The stores a store-scoped manager may act on; null = every store of the merchant. */
  storeIds: string[] | null
  preferredLanguage: Language | null
}

export type SessionAdmin = {
  id: string
  email: string
  name: string
  preferredLanguage: Language | null
}

export type AccountOf = {
  customer: SessionCustomer
  merchant: SessionMerchantUser
  admin: SessionAdmin
}

export const ACCOUNT_TABLE = {
  customer: 'customers',
  merchant: 'merchant_users',
  admin: 'platform_admins',
} as const satisfies Record<Audience, string>

/** The subject columns of a web_sessions / password_reset_tokens row. */
export const subjectColumns = (account: AccountRef) => ({
  audience: account.audience,
  customer_id: account.audience === 'customer' ? account.id : null,
  merchant_user_id: account.audience === 'merchant' ? account.id : null,
  platform_admin_id: account.audience === 'admin' ? account.id : null,
  merchant_id: account.audience === 'admin' ? null : account.merchantId,
})

type SubjectRow = {
  audience: Audience
  customer_id: string | null
  merchant_user_id: string | null
  platform_admin_id: string | null
  merchant_id?: string | null
}

/** The account of a web_sessions / password_reset_tokens row. */
export const accountOfRow = (row: SubjectRow, merchantId: string | null): AccountRef => {
  if (row.audience === 'customer')
    return { audience: 'customer', id: row.customer_id!, merchantId: merchantId! }
  if (row.audience === 'merchant')
    return { audience: 'merchant', id: row.merchant_user_id!, merchantId: merchantId! }
  return { audience: 'admin', id: row.platform_admin_id! }
}

/** Lower-cased and trimmed: the form of an address in rate-limit keys and comparisons. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase()

/** What a login's per-account counter counts: the address, within the merchant for customers. */
export const loginAccountKey = (lookup: AccountLookup) =>
  lookup.audience === 'customer'
    ? `customer:${lookup.merchantId}:${normalizeEmail(lookup.email)}`
    : `${lookup.audience}:${normalizeEmail(lookup.email)}`
