import type { Knex } from 'knex'
import { AppError } from '../../errors.ts'
import { loginAccountKey } from '../accounts.ts'
import { setCustomerPassword } from './set-customer-password.ts'
import { checkPasswordPolicy, verifyPassword } from '../passwords.ts'
import { clearRateLimit, hitRateLimit } from '../../security/rate-limit.ts'
import type { WebAuthSettings } from '../settings.ts'

/**
 * A signed-in member sets a new password. With a password already set, the current one must be
 * given (INVALID_CREDENTIALS otherwise; attempts count against the login limit of the account,
 * so a left-open session is no way around it). The member's other sessions end; this one stays.
 */
export const changeCustomerPassword = async (
  db: Knex,
  props: {
    merchantId: string
    customerId: string
    email: string
    sessionId: string
    currentPassword: string | undefined
    newPassword: string
    settings: WebAuthSettings
  },
): Promise<void> => {
  if (db.isTransaction)
    throw new Error('change passwords with the root Knex: attempts must stay counted')
  checkPasswordPolicy(props.newPassword)
  const row = await db('customers')
    .where({ id: props.customerId, merchant_id: props.merchantId })
    .whereNull('anonymized_at')
    .first('password_hash')
  if (!row) throw new AppError('CUSTOMER_NOT_FOUND')
  const { settings } = props
  const key = loginAccountKey({
    audience: 'customer',
    merchantId: props.merchantId,
    email: props.email,
  })
  if (row.password_hash) {
    await hitRateLimit(db, settings.limits.loginPerAccount, key)
    const valid = await verifyPassword(
      props.currentPassword ?? '',
      row.password_hash,
      settings.passwordCost,
    )
    if (!valid) throw new AppError('INVALID_CREDENTIALS')
  }
  await setCustomerPassword(db, {
    merchantId: props.merchantId,
    customerId: props.customerId,
    password: props.newPassword,
    passwordCost: settings.passwordCost,
    keepSessionId: props.sessionId,
  })
  if (row.password_hash) await clearRateLimit(db, settings.limits.loginPerAccount, key)
}
