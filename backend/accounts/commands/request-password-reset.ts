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
