import type { Queryable } from '../../db/transaction.ts'
import type { AccountOf, AccountRef } from '../accounts.ts'
import {
  presentSessionAdmin,
  presentSessionCustomer,
  presentSessionMerchantUser,
  type SessionAdminRow,
  type SessionCustomerRow,
  type SessionMerchantUserRow,
} from '../presenters.ts'

/** The signed-in account as pages see it; null when it can no longer sign in. */
export const loadAccount = async <R extends AccountRef>(
  db: Queryable,
  ref: R,
): Promise<AccountOf[R['audience']] | null> => {
  type A = R['audience']
  if (ref.audience === 'customer') {
    const row: SessionCustomerRow | undefined = await db('customers as c')
      .join('merchants as m', 'm.id', 'c.merchant_id')
      .where({ 'c.id': ref.id, 'c.merchant_id': ref.merchantId, 'm.status': 'active' })
      .whereNull('c.anonymized_at')
      .first('c.id', 'c.merchant_id', 'c.email', 'c.name', 'c.preferred_language')
    return row ? (presentSessionCustomer(row) as AccountOf[A]) : null
  }
  if (ref.audience === 'merchant') {
    const row: SessionMerchantUserRow | undefined = await db('merchant_users as u')
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
    return row ? (presentSessionMerchantUser(row) as AccountOf[A]) : null
  }
  const row: SessionAdminRow | undefined = await db('platform_admins')
    .where({ id: ref.id, active: true })
    .first('id', 'email', 'name', 'preferred_language')
  return row ? (presentSessionAdmin(row) as AccountOf[A]) : null
}
