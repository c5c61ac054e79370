import type { Knex } from 'knex'
import type { Queryable } from '../../../db/transaction.ts'
import { AppError } from '../../../errors.ts'
import type { Language } from '../../../../shared/languages.ts'
import {
  ACCOUNT_TABLE,
  accountOfRow,
  findCredentials,
  subjectColumns,
  type AccountLookup,
  type AccountRef,
} from '../accounts.ts'
import { checkPasswordPolicy, hashPassword } from '../passwords.ts'
import { hitRateLimit } from '../rate-limit.ts'
import { destroyAccountSessions } from '../session-store.ts'
import type { Audience, WebAuthSettings } from '../settings.ts'
import { hashToken, newToken, TOKEN_PATTERN } from '../tokens.ts'
import { loginAccountKey } from './log-in.ts'

export type CreatedPasswordReset = {
  id: string
  /** For the link in the email: returned once, only its hash is stored. */
  token: string
  expiresAt: Date
  account: AccountRef
  /** Where and in which language to send the link. */
  email: string
  name: string | null
  language: Language | null
}

export type RequestPasswordResetProps = {
  lookup: AccountLookup
  ip: string
  settings: WebAuthSettings
  /**
   * Runs inside the transaction that stores the token, e.g. to enqueue the email job: the
   * token exists only if the job does. Called only when the account exists.
   */
  deliver?: (trx: Knex.Transaction, reset: CreatedPasswordReset) => Promise<void>
}

/**
 * Forgot password: counts the request per IP and per address (RATE_LIMITED beyond, alike for
 * known and unknown addresses), then, only if the account exists and may sign in, stores a
 * single-use token valid for `settings.resetTokenSeconds` (an hour) and calls `deliver` in the
 * same transaction. Returns the reset, or null for no such account — a page must answer the
 * same either way and must not branch on it. Takes the root Knex (the counters must commit).
 */
export const requestPasswordReset = async (
  db: Knex,
  props: RequestPasswordResetProps,
): Promise<CreatedPasswordReset | null> => {
  if (db.isTransaction)
    throw new Error('request a reset with the root Knex: attempts must stay counted')
  const { resetPerIp, resetPerAccount } = props.settings.limits
  await hitRateLimit(db, resetPerIp, `${props.lookup.audience}:${props.ip}`)
  await hitRateLimit(db, resetPerAccount, loginAccountKey(props.lookup))
  // Made either way, so both answers cost the same work up to the database write.
  const token = newToken()
  const tokenHash = hashToken(token)
  const found = await findCredentials(db, props.lookup)
  if (!found?.usable) return null
  return db.transaction(async (trx) => {
    const [row] = await trx('password_reset_tokens')
      .insert({
        token_hash: tokenHash,
        ...subjectColumns(found.account),
        requested_ip: props.ip,
        expires_at: trx.raw('now() + make_interval(secs => ?)', [props.settings.resetTokenSeconds]),
      })
      .returning(['id', 'expires_at'])
    const reset: CreatedPasswordReset = {
      id: row.id,
      token,
      expiresAt: row.expires_at,
      account: found.account,
      email: found.email,
      name: found.name,
      language: found.preferredLanguage,
    }
    await props.deliver?.(trx, reset)
    return reset
  })
}

type TokenRow = {
  id: string
  audience: Audience
  customer_id: string | null
  merchant_user_id: string | null
  platform_admin_id: string | null
  merchant_id: string | null
  used: boolean
  expired: boolean
}

const findToken = async (
  db: Queryable,
  props: { token: string; audience: Audience; merchantId?: string },
): Promise<{ row: TokenRow; account: AccountRef }> => {
  if (!TOKEN_PATTERN.test(props.token)) throw new AppError('PASSWORD_RESET_INVALID')
  const row: TokenRow | undefined = await db('password_reset_tokens as t')
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

/**
 * The account a reset link is for, if the link can still be used (for the page that asks for
 * the new password). Throws PASSWORD_RESET_INVALID (unknown, used, other audience or
 * merchant) or PASSWORD_RESET_EXPIRED.
 */
export const checkPasswordReset = async (
  db: Queryable,
  props: { token: string; audience: Audience; merchantId?: string },
): Promise<{ account: AccountRef }> => ({ account: (await findToken(db, props)).account })

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
  const { row, account } = await findToken(db, props)
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

/** Deletes reset tokens a day after they expired (kept a while for support questions). */
export const purgeExpiredPasswordResets = async (db: Queryable): Promise<number> =>
  db('password_reset_tokens').where('expires_at', '<=', db.raw("now() - interval '1 day'")).delete()
