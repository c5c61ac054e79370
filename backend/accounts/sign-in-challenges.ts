import type { Knex } from 'knex'
import type { Queryable } from '../db/transaction.ts'
import { AppError } from '../errors.ts'
import { hashToken, newToken, TOKEN_PATTERN } from '../security/tokens.ts'
import { loadAccount } from './queries/load-account.ts'
import { STAFF_TABLE, staffSubject, type StaffAccountRef } from './second-factor.ts'
import { createSession, destroySession, type CreatedSession } from './session-store.ts'
import type { AccountOf } from './accounts.ts'
import type { WebAuthSettings } from './settings.ts'

// Between a right password and a session, a staff account with a second factor (and an admin
// who has yet to enrol one) holds a sign-in challenge: a random token in a short cookie, its
// SHA-256 in sign_in_challenges. It opens nothing but the code (or enrolment) page; the session
// starts only when that is done, and the challenge is spent then.

/** How long the second step may take. */
export const CHALLENGE_SECONDS = 10 * 60

/** verify: type a code; enrol: an admin without a second factor sets one up first. */
export type ChallengeStep = 'verify' | 'enrol'

export type SignInChallenge = { id: string; account: StaffAccountRef; step: ChallengeStep }

/** Starts the second step of a sign-in; returns the cookie's token (never stored). */
export const createSignInChallenge = async (
  db: Queryable,
  props: { account: StaffAccountRef; ip?: string },
): Promise<string> => {
  const token = newToken()
  await db('sign_in_challenges').insert({
    token_hash: hashToken(token),
    ...staffSubject(props.account),
    ip: props.ip ?? null,
    expires_at: db.raw('now() + make_interval(secs => ?)', [CHALLENGE_SECONDS]),
  })
  return token
}

/**
 * The live challenge of `audience` behind a cookie token, with its account (still active) and
 * what it waits for; null when unknown, spent, expired or the account can no longer sign in.
 */
export const findSignInChallenge = async (
  db: Queryable,
  props: { token: string | undefined; audience: StaffAccountRef['audience'] },
): Promise<SignInChallenge | null> => {
  if (!props.token || !TOKEN_PATTERN.test(props.token)) return null
  const column = props.audience === 'admin' ? 'platform_admin_id' : 'merchant_user_id'
  const row = await db('sign_in_challenges as c')
    .join(`${STAFF_TABLE[props.audience]} as a`, 'a.id', `c.${column}`)
    .where('c.token_hash', hashToken(props.token))
    .where('c.expires_at', '>', db.fn.now())
    .where('a.active', true)
    .first(
      'c.id',
      'a.id as account_id',
      db.raw('a.totp_secret IS NOT NULL AS enrolled'),
      props.audience === 'merchant' ? 'a.merchant_id' : db.raw('NULL AS merchant_id'),
    )
  if (!row) return null
  const account: StaffAccountRef =
    props.audience === 'admin'
      ? { audience: 'admin', id: row.account_id }
      : { audience: 'merchant', id: row.account_id, merchantId: row.merchant_id }
  return { id: row.id, account, step: row.enrolled ? 'verify' : 'enrol' }
}

/**
 * Ends the second step: spends the challenge (once: a second use, even concurrent, is
 * INVALID_CREDENTIALS), ends the browser's previous session of the surface and starts the
 * account's session. Call it only once the code was verified or the enrolment confirmed.
 */
export const finishSignIn = async <A extends StaffAccountRef['audience']>(
  db: Knex,
  props: {
    challenge: SignInChallenge & { account: { audience: A } }
    ip: string
    userAgent?: string
    previousToken?: string
    settings: WebAuthSettings
  },
): Promise<{ session: CreatedSession & { audience: A }; account: AccountOf[A] }> => {
  const { account } = props.challenge
  const session = await db.transaction(async (trx) => {
    const spent = await trx('sign_in_challenges')
      .where('id', props.challenge.id)
      .where('expires_at', '>', trx.fn.now())
      .delete()
    if (!spent) throw new AppError('INVALID_CREDENTIALS')
    if (props.previousToken) await destroySession(trx, { token: props.previousToken })
    await trx(STAFF_TABLE[account.audience])
      .where('id', account.id)
      .update({ last_login_at: trx.fn.now() })
    return createSession(trx, {
      account,
      timeouts: props.settings.timeouts[account.audience],
      ip: props.ip,
      userAgent: props.userAgent,
    })
  })
  const loaded = (await loadAccount(db, account)) as AccountOf[A] | null
  if (!loaded) throw new AppError('INVALID_CREDENTIALS')
  return { session: session as CreatedSession & { audience: A }, account: loaded }
}

/** Deletes challenges an hour after they expired. */
export const purgeExpiredSignInChallenges = async (db: Queryable): Promise<number> =>
  db('sign_in_challenges').where('expires_at', '<=', db.raw("now() - interval '1 hour'")).delete()
