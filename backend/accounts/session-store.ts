import type { Queryable } from '../db/transaction.ts'
import { accountOfRow, subjectColumns, type AccountRef } from './accounts.ts'
import type { Audience, SessionTimeouts } from './settings.ts'
import { hashToken, newToken, sessionCsrfToken, TOKEN_PATTERN } from '../security/tokens.ts'

// Server-side web sessions (table web_sessions). The browser holds a random token; the
// database holds its SHA-256. Every time comparison uses the database clock, so all processes
// agree on when a session ends.

/** Activity extends the idle timeout at most once a minute (not one write per request). */
export const TOUCH_AFTER_SECONDS = 60

export type CreatedSession = {
  id: string
  audience: Audience
  /** The cookie value: returned once, never stored. */
  token: string
  csrfToken: string
  createdAt: Date
  idleExpiresAt: Date
  absoluteExpiresAt: Date
}

export type LoadedSession = {
  id: string
  audience: Audience
  account: AccountRef
  csrfToken: string
  createdAt: Date
  idleExpiresAt: Date
  absoluteExpiresAt: Date
}

const MAX_USER_AGENT = 512

/** Starts a session for an account; the idle end never passes the absolute end. */
export const createSession = async (
  db: Queryable,
  props: { account: AccountRef; timeouts: SessionTimeouts; ip?: string; userAgent?: string },
): Promise<CreatedSession> => {
  const token = newToken()
  const { account, timeouts } = props
  const [row] = await db('web_sessions')
    .insert({
      token_hash: hashToken(token),
      ...subjectColumns(account),
      merchant_id: account.audience === 'admin' ? null : account.merchantId,
      ip: props.ip ?? null,
      user_agent: props.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
      idle_expires_at: db.raw('now() + make_interval(secs => ?)', [
        Math.min(timeouts.idleSeconds, timeouts.absoluteSeconds),
      ]),
      absolute_expires_at: db.raw('now() + make_interval(secs => ?)', [timeouts.absoluteSeconds]),
    })
    .returning(['id', 'created_at', 'idle_expires_at', 'absolute_expires_at'])
  return {
    id: row.id,
    audience: account.audience,
    token,
    csrfToken: sessionCsrfToken(token),
    createdAt: row.created_at,
    idleExpiresAt: row.idle_expires_at,
    absoluteExpiresAt: row.absolute_expires_at,
  }
}

/**
 * The live session of `audience` behind a cookie token, or null. A session found expired is
 * deleted; a live one has its idle end moved forward (at most once a minute).
 */
export const findSession = async (
  db: Queryable,
  props: { token: string; audience: Audience; timeouts: SessionTimeouts },
): Promise<LoadedSession | null> => {
  if (!TOKEN_PATTERN.test(props.token)) return null
  const row = await db('web_sessions')
    .where({ token_hash: hashToken(props.token), audience: props.audience })
    .first(
      '*',
      db.raw('(idle_expires_at > now() AND absolute_expires_at > now()) AS live'),
      db.raw('last_seen_at < now() - make_interval(secs => ?) AS stale', [TOUCH_AFTER_SECONDS]),
    )
  if (!row) return null
  if (!row.live) {
    await db('web_sessions').where('id', row.id).delete()
    return null
  }
  let idleExpiresAt: Date = row.idle_expires_at
  if (row.stale) {
    const [touched] = await db('web_sessions')
      .where('id', row.id)
      .update({
        last_seen_at: db.fn.now(),
        idle_expires_at: db.raw('least(now() + make_interval(secs => ?), absolute_expires_at)', [
          props.timeouts.idleSeconds,
        ]),
      })
      .returning(['idle_expires_at'])
    if (touched) idleExpiresAt = touched.idle_expires_at
  }
  return {
    id: row.id,
    audience: row.audience,
    account: accountOfRow(row, row.merchant_id),
    csrfToken: sessionCsrfToken(props.token),
    createdAt: row.created_at,
    idleExpiresAt,
    absoluteExpiresAt: row.absolute_expires_at,
  }
}

/**
 * Gives a live session a new token (the old one stops working at once), keeping its account
 * and expiry: for a change of privileges within a session. Null when the session is gone.
 */
export const rotateSession = async (
  db: Queryable,
  sessionId: string,
): Promise<{ token: string; csrfToken: string } | null> => {
  const token = newToken()
  const updated = await db('web_sessions')
    .where('id', sessionId)
    .where('idle_expires_at', '>', db.fn.now())
    .where('absolute_expires_at', '>', db.fn.now())
    .update({ token_hash: hashToken(token) })
  return updated ? { token, csrfToken: sessionCsrfToken(token) } : null
}

/** Ends one session, by id or by the cookie token. */
export const destroySession = async (
  db: Queryable,
  which: { id: string } | { token: string },
): Promise<boolean> => {
  const query = db('web_sessions')
  if ('id' in which) query.where('id', which.id)
  else if (TOKEN_PATTERN.test(which.token)) query.where('token_hash', hashToken(which.token))
  else return false
  return (await query.delete()) > 0
}

const SUBJECT_COLUMN = {
  customer: 'customer_id',
  merchant: 'merchant_user_id',
  admin: 'platform_admin_id',
} as const

/** Ends every session of an account (password changed or reset, account deactivated). */
export const destroyAccountSessions = async (
  db: Queryable,
  account: AccountRef,
  options: { exceptSessionId?: string } = {},
): Promise<number> =>
  db('web_sessions')
    .where(SUBJECT_COLUMN[account.audience], account.id)
    .modify((q) => {
      if (options.exceptSessionId) q.whereNot('id', options.exceptSessionId)
    })
    .delete()

/** Deletes sessions past their idle or absolute end (idle end ≤ absolute end, always). */
export const purgeExpiredSessions = async (db: Queryable): Promise<number> =>
  db('web_sessions').where('idle_expires_at', '<=', db.fn.now()).delete()
