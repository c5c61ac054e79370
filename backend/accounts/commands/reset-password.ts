import type { Knex } from 'knex'
import { AppError } from '../../errors.ts'
import { hitRateLimit } from '../../security/rate-limit.ts'
import { ACCOUNT_TABLE, subjectColumns, type AccountRef } from '../accounts.ts'
import { findResetToken } from '../password-reset-tokens.ts'
import { checkPasswordPolicy, hashPassword } from '../passwords.ts'
import { destroyAccountSessions } from '../session-store.ts'
import type { Audience, WebAuthSettings } from '../settings.ts'

/**
 * Sets a new password from a reset link, once: the token is spent atomically (a second use,
 * even concurrent, is PASSWORD_RESET_INVALID), every other open link of the account is spent
 * too, and every session of the account ends. Checks the password policy first.
 */
export const resetPassword = async (
  db: Knex,
  props: {
    token: string
    audience: Audience
    merchantId?: string
    password: string
    ip: string
    settings: WebAuthSettings
  },
): Promise<{ account: AccountRef }> => {
  if (db.isTransaction) throw new Error('reset with the root Knex: attempts must stay counted')
  await hitRateLimit(db, props.settings.limits.resetPerIp, `consume:${props.audience}:${props.ip}`)
  checkPasswordPolicy(props.password)
  const { row, account } = await findResetToken(db, props)
  // bcrypt before the transaction: no lock is held for its ~100 ms.
  const hash = await hashPassword(props.password, props.settings.passwordCost)
  return db.transaction(async (trx) => {
    const spent = await trx('password_reset_tokens')
      .where('id', row.id)
      .whereNull('used_at')
      .where('expires_at', '>', trx.fn.now())
      .update({ used_at: trx.fn.now() })
    if (!spent) throw new AppError('PASSWORD_RESET_INVALID')
    await trx(ACCOUNT_TABLE[account.audience])
      .where('id', account.id)
      .update({ password_hash: hash, password_set_at: trx.fn.now(), updated_at: trx.fn.now() })
    const subject = subjectColumns(account)
    await trx('password_reset_tokens')
      .where({
        audience: subject.audience,
        customer_id: subject.customer_id,
        merchant_user_id: subject.merchant_user_id,
        platform_admin_id: subject.platform_admin_id,
      })
      .whereNull('used_at')
      .update({ used_at: trx.fn.now() })
    await destroyAccountSessions(trx, account)
    return { account }
  })
}
