import type { Queryable } from '../../db/transaction.ts'
import type {
  AccountOf,
  AccountRef,
  SessionAdmin,
  SessionCustomer,
  SessionMerchantUser,
} from '../accounts.ts'

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
