import type { Knex } from 'knex'
import type { Language } from '../../../shared/languages.ts'
import { hitRateLimit } from '../../security/rate-limit.ts'
import { hashToken, newToken } from '../../security/tokens.ts'
import {
  loginAccountKey,
  subjectColumns,
  type AccountLookup,
  type AccountRef,
} from '../accounts.ts'
import { findCredentials } from '../queries/find-credentials.ts'
import type { WebAuthSettings } from '../settings.ts'

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

export type CountPasswordResetProps = Pick<RequestPasswordResetProps, 'lookup' | 'ip' | 'settings'>

/**
 * Counts a forgot-password request per IP and per address: RATE_LIMITED beyond, alike for known
 * and unknown addresses. Takes the root Knex (the counters must commit).
 */
export const countPasswordResetRequest = async (
  db: Knex,
  props: CountPasswordResetProps,
): Promise<void> => {
  if (db.isTransaction)
    throw new Error('request a reset with the root Knex: attempts must stay counted')
  const { resetPerIp, resetPerAccount } = props.settings.limits
  await hitRateLimit(db, resetPerIp, `${props.lookup.audience}:${props.ip}`)
  await hitRateLimit(db, resetPerAccount, loginAccountKey(props.lookup))
}

export type CreatePasswordResetProps = CountPasswordResetProps & {
  /** The link's token, made by the caller (newToken): only its hash is stored. */
  token: string
  /** When it was asked for (else now): the token is valid `settings.resetTokenSeconds` from then. */
  requestedAt?: Date
  deliver?: RequestPasswordResetProps['deliver']
}

/**
 * Only if the account exists and may sign in: stores the token's hash and calls `deliver` in the
 * same transaction. Returns the reset, or null for no such account. Runs at most once per token
 * (a job run again after a crash finds its token and does nothing).
 */
export const createPasswordReset = async (
  db: Knex,
  props: CreatePasswordResetProps,
): Promise<CreatedPasswordReset | null> => {
  const tokenHash = hashToken(props.token)
  const found = await findCredentials(db, props.lookup)
  if (!found?.usable) return null
  return db.transaction(async (trx) => {
    const [row] = await trx('password_reset_tokens')
      .insert({
        token_hash: tokenHash,
        ...subjectColumns(found.account),
        requested_ip: props.ip,
        expires_at: props.requestedAt
          ? trx.raw('?::timestamptz + make_interval(secs => ?)', [
              props.requestedAt.toISOString(),
              props.settings.resetTokenSeconds,
            ])
          : trx.raw('now() + make_interval(secs => ?)', [props.settings.resetTokenSeconds]),
      })
      .onConflict('token_hash')
      .ignore()
      .returning(['id', 'expires_at'])
    if (!row) return null
    const reset: CreatedPasswordReset = {
      id: row.id,
      token: props.token,
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

/**
 * Forgot password in one call: counts the request (countPasswordResetRequest), then creates the
 * reset if the account exists (createPasswordReset). The storefront does the second part in a
 * job (backend/accounts/password-reset-job.ts), so that a known and an unknown address cost
 * the request the same work. Takes the root Knex.
 */
export const requestPasswordReset = async (
  db: Knex,
  props: RequestPasswordResetProps,
): Promise<CreatedPasswordReset | null> => {
  await countPasswordResetRequest(db, props)
  return createPasswordReset(db, { ...props, token: newToken() })
}
