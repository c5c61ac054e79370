import type { Knex } from 'knex'
import { AppError } from '../../errors.ts'
import { clearRateLimit, hitRateLimit } from '../../security/rate-limit.ts'
import { ACCOUNT_TABLE, loginAccountKey, type AccountLookup, type AccountOf } from '../accounts.ts'
import { hashPassword, needsRehash, verifyPassword } from '../passwords.ts'
import { findCredentials } from '../queries/find-credentials.ts'
import { loadAccount } from '../queries/load-account.ts'
import { createSession, destroySession, type CreatedSession } from '../session-store.ts'
import type { Audience, WebAuthSettings } from '../settings.ts'
import { loadSecondFactorState } from '../second-factor.ts'
import { createSignInChallenge, type ChallengeStep } from '../sign-in-challenges.ts'

export type LoginProps = {
  email: string
  password: string
  /** The client's address as the app sees it (ctx.ip). */
  ip: string
  userAgent?: string
  /** The session cookie the browser sent, if any: destroyed, never carried over (fixation). */
  previousToken?: string
  settings: WebAuthSettings
}

export type LoginResult<A extends Audience> = {
  session: CreatedSession & { audience: A }
  account: AccountOf[A]
}

/**
 * The password was right, but a staff account still owes its second factor: no session yet,
 * a challenge (its cookie token) for the code page, or for enrolment (an admin without one).
 */
export type SecondStepNeeded = { secondFactor: ChallengeStep; challengeToken: string }

/** What a staff login answers: a session, or the second step. */
export type StaffLoginResult<A extends 'merchant' | 'admin'> = LoginResult<A> | SecondStepNeeded

export const needsSecondStep = <A extends Audience>(
  result: LoginResult<A> | SecondStepNeeded,
): result is SecondStepNeeded => 'secondFactor' in result

const logIn = async <A extends Audience>(
  db: Knex,
  lookup: AccountLookup & { audience: A },
  props: LoginProps,
): Promise<LoginResult<A> | SecondStepNeeded> => {
  if (db.isTransaction)
    throw new Error('log in with the root Knex: failed attempts must stay counted')
  const { settings } = props
  const { loginPerIp, loginPerAccount } = settings.limits
  const accountKey = loginAccountKey(lookup)
  await hitRateLimit(db, loginPerIp, `${lookup.audience}:${props.ip}`)
  await hitRateLimit(db, loginPerAccount, accountKey)

  const found = await findCredentials(db, lookup)
  // Unknown account, no password yet, or disabled: the same bcrypt work and the same answer.
  // A suspended merchant's user with the right password is told why they cannot come in.
  const hash = found?.usable || found?.merchantSuspended ? found.passwordHash : null
  const valid = await verifyPassword(props.password, hash, settings.passwordCost)
  if (!found || !hash || !valid) throw new AppError('INVALID_CREDENTIALS')
  if (found.merchantSuspended) throw new AppError('MERCHANT_SUSPENDED')

  const upgraded = needsRehash(hash, settings.passwordCost)
    ? await hashPassword(props.password, settings.passwordCost)
    : null
  const account = found.account
  // Staff with a second factor, and every admin (who must have one), take a second step.
  if (account.audience !== 'customer') {
    const state = await loadSecondFactorState(db, account)
    const step: ChallengeStep | null = state.enabled
      ? 'verify'
      : account.audience === 'admin'
        ? 'enrol'
        : null
    if (step) {
      const challengeToken = await db.transaction(async (trx) => {
        if (upgraded)
          await trx(ACCOUNT_TABLE[account.audience])
            .where('id', account.id)
            .update({ password_hash: upgraded })
        return createSignInChallenge(trx, { account, ip: props.ip })
      })
      await clearRateLimit(db, loginPerAccount, accountKey)
      return { secondFactor: step, challengeToken }
    }
  }
  const session = await db.transaction(async (trx) => {
    if (props.previousToken) await destroySession(trx, { token: props.previousToken })
    const changes: Record<string, unknown> = {}
    if (upgraded) changes.password_hash = upgraded
    if (account.audience !== 'customer') changes.last_login_at = trx.fn.now()
    if (Object.keys(changes).length > 0)
      await trx(ACCOUNT_TABLE[account.audience]).where('id', account.id).update(changes)
    return createSession(trx, {
      account,
      timeouts: settings.timeouts[account.audience],
      ip: props.ip,
      userAgent: props.userAgent,
    })
  })
  await clearRateLimit(db, loginPerAccount, accountKey)
  const loaded = (await loadAccount(db, account)) as AccountOf[A] | null
  if (!loaded) throw new AppError('INVALID_CREDENTIALS')
  return { session: session as CreatedSession & { audience: A }, account: loaded }
}

/**
 * Logs a customer in on a storefront of `merchantId`: counts the attempt per IP and per
 * address (RATE_LIMITED beyond), checks the password (INVALID_CREDENTIALS, after the same
 * bcrypt work whether or not the account exists), then starts a new session in place of the
 * browser's previous one. Takes the root Knex: the counters commit even when the login fails.
 */
export const loginCustomer = async (
  db: Knex,
  props: LoginProps & { merchantId: string },
): Promise<LoginResult<'customer'>> => {
  const result = await logIn(
    db,
    { audience: 'customer', merchantId: props.merchantId, email: props.email },
    props,
  )
  if (needsSecondStep(result)) throw new Error('customers have no second factor')
  return result
}

/**
 * Logs a merchant user (owner or manager) in; as loginCustomer, except that one who turned the
 * second factor on gets a sign-in challenge instead of a session (the code page finishes it).
 */
export const loginMerchantUser = (
  db: Knex,
  props: LoginProps,
): Promise<StaffLoginResult<'merchant'>> =>
  logIn(db, { audience: 'merchant', email: props.email }, props)

/**
 * Logs a platform admin in: the password as loginCustomer, then always the second step — the
 * code, or enrolment for an admin who has no second factor yet. Never a session directly.
 */
export const loginAdmin = (db: Knex, props: LoginProps): Promise<StaffLoginResult<'admin'>> =>
  logIn(db, { audience: 'admin', email: props.email }, props)
