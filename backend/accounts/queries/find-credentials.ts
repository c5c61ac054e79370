import type { Language } from '../../../shared/languages.ts'
import type { Queryable } from '../../db/transaction.ts'
import { normalizeEmail, type AccountLookup, type AccountRef } from '../accounts.ts'

export type Credentials = {
  account: AccountRef
  passwordHash: string | null
  /** False for a deactivated user, an anonymized customer or a suspended merchant. */
  usable: boolean
  /** An active merchant user whose merchant the platform suspended (login says so). */
  merchantSuspended?: boolean
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
        db.raw(`(u.active AND m.status = 'suspended') AS merchant_suspended`),
      )
    if (!row) return null
    return {
      account: { audience: 'merchant', id: row.id, merchantId: row.merchant_id },
      passwordHash: row.password_hash,
      usable: row.usable,
      merchantSuspended: row.merchant_suspended,
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
