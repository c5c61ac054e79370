import type { Queryable } from '../db/transaction.ts'
import { AppError } from '../errors.ts'
import { hashToken, TOKEN_PATTERN } from '../security/tokens.ts'
import { accountOfRow, type AccountRef } from './accounts.ts'
import type { Audience } from './settings.ts'

// Password-reset links (table password_reset_tokens): only the token's SHA-256 is stored.

export type ResetTokenRow = {
  id: string
  audience: Audience
  customer_id: string | null
  merchant_user_id: string | null
  platform_admin_id: string | null
  merchant_id: string | null
  used: boolean
  expired: boolean
}

/**
 * The reset token behind a link, with its account, if it can still be used: PASSWORD_RESET_INVALID
 * (unknown, used, other audience or merchant) or PASSWORD_RESET_EXPIRED otherwise.
 */
export const findResetToken = async (
  db: Queryable,
  props: { token: string; audience: Audience; merchantId?: string },
): Promise<{ row: ResetTokenRow; account: AccountRef }> => {
  if (!TOKEN_PATTERN.test(props.token)) throw new AppError('PASSWORD_RESET_INVALID')
  const row: ResetTokenRow | undefined = await db('password_reset_tokens as t')
    .leftJoin('customers as c', 'c.id', 't.customer_id')
    .leftJoin('merchant_users as u', 'u.id', 't.merchant_user_id')
    .where({ 't.token_hash': hashToken(props.token), 't.audience': props.audience })
    .first(
      't.id',
      't.audience',
      't.customer_id',
      't.merchant_user_id',
      't.platform_admin_id',
      db.raw('coalesce(c.merchant_id, u.merchant_id) AS merchant_id'),
      db.raw('t.used_at IS NOT NULL AS used'),
      db.raw('t.expires_at <= now() AS expired'),
    )
  if (!row || row.used) throw new AppError('PASSWORD_RESET_INVALID')
  const account = accountOfRow(row, row.merchant_id)
  // A customer's link works only on a storefront of the customer's merchant.
  if (props.merchantId && 'merchantId' in account && account.merchantId !== props.merchantId)
    throw new AppError('PASSWORD_RESET_INVALID')
  if (row.expired) throw new AppError('PASSWORD_RESET_EXPIRED')
  return { row, account }
}

/** Deletes reset tokens a day after they expired (kept a while for support questions). */
export const purgeExpiredPasswordResets = async (db: Queryable): Promise<number> =>
  db('password_reset_tokens').where('expires_at', '<=', db.raw("now() - interval '1 day'")).delete()
