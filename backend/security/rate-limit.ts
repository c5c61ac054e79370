import type { Knex } from 'knex'
import type { Queryable } from '../db/transaction.ts'
import { AppError } from '../errors.ts'
import { hashToken } from './tokens.ts'

// Attempt counters in PostgreSQL (table rate_limits), so a limit holds across every web
// process. One row per bucket and epoch-aligned window, incremented by one atomic upsert per
// attempt (no lost update under concurrency). The count an attempt is judged by slides: the
// current window's hits plus the previous window's, weighted by how much of the previous window
// still lies within the last `windowSeconds`. A fixed window alone would let a burst reach twice
// the limit across a boundary (and did: a test of ten guesses straddling one passed the eleventh).

/** One attempt counter: at most `limit` hits in any `windowSeconds` (a sliding count). */
export type RateLimitRule = { name: string; limit: number; windowSeconds: number }

/** The row key: the rule and a hash of what is counted (no address or IP stored in clear). */
export const rateLimitBucket = (rule: RateLimitRule, key: string) =>
  `${rule.name}:${hashToken(key).slice(0, 40)}`

export type WindowCounts = {
  /** Hits in the previous window. */
  previous: number
  /** Hits in the current window, this attempt included. */
  current: number
  /** Seconds since the current window started. */
  elapsedSeconds: number
}

/** The sliding count: the previous window's hits weighted by its share of the last window. */
export const slidingCount = (rule: RateLimitRule, counts: WindowCounts): number =>
  counts.previous * Math.max(0, 1 - counts.elapsedSeconds / rule.windowSeconds) + counts.current

/**
 * Seconds until an attempt would be let through again, if none is made meanwhile: later in
 * this window while the previous one's weight fades, or else in the next window once this
 * one's weight has.
 */
export const secondsUntilAllowed = (rule: RateLimitRule, counts: WindowCounts): number => {
  const { limit, windowSeconds: window } = rule
  const { previous, current, elapsedSeconds } = counts
  if (current + 1 <= limit) {
    if (previous === 0) return 0
    const fade = 1 - (limit - current - 1) / previous
    return Math.max(0, window * fade - elapsedSeconds)
  }
  const fade = current === 0 ? 0 : Math.max(0, 1 - (limit - 1) / current)
  return window - elapsedSeconds + window * fade
}

/**
 * Counts one attempt for `key` under `rule`; throws RATE_LIMITED (with when to try again) once
 * the sliding count exceeds `rule.limit`. Refused attempts count too, so guessing on keeps the
 * door shut. Give it the root Knex, not a transaction that a failure would roll back: the
 * attempt must stay counted. `at` is the attempt's time, the database's clock by default (tests
 * place attempts either side of a window boundary with it).
 */
export const hitRateLimit = async (
  db: Knex,
  rule: RateLimitRule,
  key: string,
  at?: Date,
): Promise<void> => {
  const { rows } = await db.raw<{
    rows: { current: number; previous: number; elapsed_seconds: number; now: Date }[]
  }>(
    `WITH t AS (SELECT coalesce(:at::timestamptz, now()) AS now),
     w AS (
       SELECT t.now, date_bin(make_interval(secs => :window), t.now, 'epoch'::timestamptz) AS start
       FROM t
     ), hit AS (
       INSERT INTO rate_limits AS r (bucket, window_start, window_end, hits)
       SELECT :bucket, w.start, w.start + make_interval(secs => :window), 1 FROM w
       ON CONFLICT (bucket, window_start) DO UPDATE SET hits = r.hits + 1
       RETURNING hits, window_start
     )
     SELECT hit.hits AS current, coalesce(previous.hits, 0) AS previous, w.now,
       extract(epoch FROM w.now - hit.window_start)::float8 AS elapsed_seconds
     FROM hit CROSS JOIN w
     LEFT JOIN rate_limits previous ON previous.bucket = :bucket
       AND previous.window_start = hit.window_start - make_interval(secs => :window)`,
    { bucket: rateLimitBucket(rule, key), window: rule.windowSeconds, at: at ?? null },
  )
  const row = rows[0]!
  const counts = {
    previous: row.previous,
    current: row.current,
    elapsedSeconds: row.elapsed_seconds,
  }
  if (slidingCount(rule, counts) > rule.limit) {
    const wait = secondsUntilAllowed(rule, counts)
    throw new AppError('RATE_LIMITED', {
      retry_at: new Date(row.now.getTime() + wait * 1000).toISOString(),
      retry_after_seconds: Math.max(1, Math.ceil(wait)),
    })
  }
}

/** Forgets the attempts of `key` (a successful login clears its account's counter). */
export const clearRateLimit = async (
  db: Queryable,
  rule: RateLimitRule,
  key: string,
): Promise<void> => {
  await db('rate_limits').where('bucket', rateLimitBucket(rule, key)).delete()
}

/** Deletes windows that no longer weigh on any count (a window counts until one after its end). */
export const purgeExpiredRateLimits = async (db: Queryable): Promise<number> =>
  db('rate_limits').whereRaw('window_end + (window_end - window_start) <= now()').delete()
