import type { Queryable } from '../../db/transaction.ts'
import type { Language } from '../../../shared/languages.ts'
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

export type Credentials = {
  account: AccountRef
  passwordHash: string | null
  /** False for a deactivated user, an anonymized customer or a suspended merchant. */
  usable: boolean
  email: string
  name: string | null
  preferredLanguage: Language | null
}

/** The account a login or reset form names, with its password hash; null when none. */
export const findCredentials = async (
  db: Queryable,
  lookup: AccountLookup,
): Promise<Credentials | null> => {
  const email = normalizeEmail(lookup.email)
  if (lookup.audience === 'customer') {
    const row = await db('customers as c')
      .join('merchants as m', 'm.id', 'c.merchant_id')
      .where('c.merchant_id', lookup.merchantId)
      .whereRaw('lower(c.email) = lower(?)', [email])
      .first(
        'c.id',
        'c.email',
        'c.name',
        'c.password_hash',
        'c.preferred_language',
        db.raw(`(c.anonymized_at IS NULL AND m.status = 'active') AS usable`),
      )
    if (!row) return null
    return {
      account: { audience: 'customer', id: row.id, merchantId: lookup.merchantId },
      passwordHash: row.password_hash,
      usable: row.usable,
      email: row.email,
      name: row.name,
      preferredLanguage: row.preferred_language,
    }
  }
  if (lookup.audience === 'merchant') {
    const row = await db('merchant_users as u')
      .join('merchants as m', 'm.id', 'u.merchant_id')
      .whereRaw('lower(u.email) = lower(?)', [email])
      .first(
        'u.id',
        'u.merchant_id',
        'u.email',
        'u.name',
        'u.password_hash',
        'u.preferred_language',
        db.raw(`(u.active AND m.status = 'active') AS usable`),
      )
    if (!row) return null
    return {
      account: { audience: 'merchant', id: row.id, merchantId: row.merchant_id },
      passwordHash: row.password_hash,
      usable: row.usable,
      email: row.email,
      name: row.name,
      preferredLanguage: row.preferred_language,
    }
  }
  const row = await db('platform_admins')
    .whereRaw('lower(email) = lower(?)', [email])
    .first('id', 'email', 'name', 'password_hash', 'preferred_language', 'active')
  if (!row) return null
  return {
    account: { audience: 'admin', id: row.id },
    passwordHash: row.password_hash,
    usable: row.active,
    email: row.email,
    name: row.name,
    preferredLanguage: row.preferred_language,
  }
}

/** The signed-in account as pages see it; null when it can no longer sign in. */
export const loadAccount = async <R extends AccountRef>(
  db: Queryable,
  ref: R,
): Promise<AccountOf[R['audience']] | null> => {
  type A = R['audience']
  if (ref.audience === 'customer') {
    const row = await db('customers as c')
      .join('merchants as m', 'm.id', 'c.merchant_id')
      .where({ 'c.id': ref.id, 'c.merchant_id': ref.merchantId, 'm.status': 'active' })
      .whereNull('c.anonymized_at')
      .first('c.id', 'c.merchant_id', 'c.email', 'c.name', 'c.preferred_language')
    if (!row) return null
    const customer: SessionCustomer = {
      id: row.id,
      merchantId: row.merchant_id,
      email: row.email,
      name: row.name,
      preferredLanguage: row.preferred_language,
    }
    return customer as AccountOf[A]
  }
  if (ref.audience === 'merchant') {
    const row = await db('merchant_users as u')
      .join('merchants as m', 'm.id', 'u.merchant_id')
      .where({ 'u.id': ref.id, 'u.active': true, 'm.status': 'active' })
      .first(
        'u.id',
        'u.merchant_id',
        'u.email',
        'u.name',
        'u.role',
        'u.preferred_language',
        db.raw(
          'array(SELECT s.store_id::text FROM merchant_user_stores s WHERE s.merchant_user_id = u.id ORDER BY s.store_id) AS store_ids',
        ),
      )
    if (!row) return null
    const storeIds = row.store_ids as string[]
    const user: SessionMerchantUser = {
      id: row.id,
      merchantId: row.merchant_id,
      email: row.email,
      name: row.name,
      role: row.role,
      storeIds: row.role === 'owner' || storeIds.length === 0 ? null : storeIds,
      preferredLanguage: row.preferred_language,
    }
    return user as AccountOf[A]
  }
  const row = await db('platform_admins')
    .where({ id: ref.id, active: true })
    .first('id', 'email', 'name', 'preferred_language')
  if (!row) return null
  const admin: SessionAdmin = {
    id: row.id,
    email: row.email,
    name: row.name,
    preferredLanguage: row.preferred_language,
  }
  return admin as AccountOf[A]
}
