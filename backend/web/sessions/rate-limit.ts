import type { Knex } from 'knex'
import type { Queryable } from '../../db/transaction.ts'
import { AppError } from '../../errors.ts'
import type { RateLimitRule } from './settings.ts'
import { hashToken } from './tokens.ts'

// Attempt counters in PostgreSQL (table rate_limits), so a limit holds across every web
// process. Fixed windows aligned on the epoch: one atomic upsert per attempt, no lost update
// under concurrency. A burst can reach twice the limit across a window boundary, which is
// acceptable for slowing down password guessing.

/** The row key: the rule and a hash of what is counted (no address or IP stored in clear). */
export const rateLimitBucket = (rule: RateLimitRule, key: string) =>
  `${rule.name}:${hashToken(key).slice(0, 40)}`

/**
 * Counts one attempt for `key` under `rule`; throws RATE_LIMITED (with the end of the window)
 * once the window holds more than `rule.limit` attempts. Give it the root Knex, not a
 * transaction that a failure would roll back: the attempt must stay counted.
 */
export const hitRateLimit = async (db: Knex, rule: RateLimitRule, key: string): Promise<void> => {
  const { rows } = await db.raw<{
    rows: { hits: number; window_end: Date; retry_after_seconds: number }[]
  }>(
    `WITH w AS (
       SELECT date_bin(make_interval(secs => :window), now(), 'epoch'::timestamptz) AS start
     )
     INSERT INTO rate_limits AS r (bucket, window_start, window_end, hits)
     SELECT :bucket, w.start, w.start + make_interval(secs => :window), 1 FROM w
     ON CONFLICT (bucket, window_start) DO UPDATE SET hits = r.hits + 1
     RETURNING hits, window_end,
       greatest(1, ceil(extract(epoch FROM window_end - now())))::int AS retry_after_seconds`,
    { bucket: rateLimitBucket(rule, key), window: rule.windowSeconds },
  )
  const row = rows[0]!
  if (row.hits > rule.limit) {
    throw new AppError('RATE_LIMITED', {
      retry_at: row.window_end.toISOString(),
      retry_after_seconds: row.retry_after_seconds,
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

/** Deletes finished windows. */
export const purgeExpiredRateLimits = async (db: Queryable): Promise<number> =>
  db('rate_limits').where('window_end', '<=', db.fn.now()).delete()
