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

/** The counts after adding hits, and the database's clock then. */
export type CountedHits = WindowCounts & { now: Date; windowStart: Date }

/**
 * Adds `hits` attempts for `key` to the current window (one atomic upsert: no lost update under
 * concurrency) and answers the window counts, `hits` included. `at` is the attempts' time, the
 * database's clock by default (tests place attempts either side of a window boundary with it).
 */
export const countRateLimitHits = async (
  db: Knex,
  rule: RateLimitRule,
  key: string,
  hits: number,
  at?: Date,
): Promise<CountedHits> => {
  const { rows } = await db.raw<{
    rows: {
      current: number
      previous: number
      elapsed_seconds: number
      now: Date
      window_start: Date
    }[]
  }>(
    `WITH t AS (SELECT coalesce(:at::timestamptz, now()) AS now),
     w AS (
       SELECT t.now, date_bin(make_interval(secs => :window), t.now, 'epoch'::timestamptz) AS start
       FROM t
     ), hit AS (
       INSERT INTO rate_limits AS r (bucket, window_start, window_end, hits)
       SELECT :bucket, w.start, w.start + make_interval(secs => :window), :hits FROM w
       ON CONFLICT (bucket, window_start) DO UPDATE SET hits = r.hits + :hits
       RETURNING hits, window_start
     )
     SELECT hit.hits AS current, coalesce(previous.hits, 0) AS previous, w.now, hit.window_start,
       extract(epoch FROM w.now - hit.window_start)::float8 AS elapsed_seconds
     FROM hit CROSS JOIN w
     LEFT JOIN rate_limits previous ON previous.bucket = :bucket
       AND previous.window_start = hit.window_start - make_interval(secs => :window)`,
    { bucket: rateLimitBucket(rule, key), window: rule.windowSeconds, at: at ?? null, hits },
  )
  const row = rows[0]!
  return {
    previous: row.previous,
    current: row.current,
    elapsedSeconds: row.elapsed_seconds,
    now: row.now,
    windowStart: row.window_start,
  }
}

/** Throws RATE_LIMITED (with when to try again, from `now`) once the sliding count exceeds the limit. */
const judge = (rule: RateLimitRule, counts: WindowCounts, now: Date) => {
  if (slidingCount(rule, counts) > rule.limit) {
    const wait = secondsUntilAllowed(rule, counts)
    throw new AppError('RATE_LIMITED', {
      retry_at: new Date(now.getTime() + wait * 1000).toISOString(),
      retry_after_seconds: Math.max(1, Math.ceil(wait)),
    })
  }
}

/**
 * Counts one attempt for `key` under `rule`; throws RATE_LIMITED (with when to try again) once
 * the sliding count exceeds `rule.limit`. Refused attempts count too, so guessing on keeps the
 * door shut. Give it the root Knex, not a transaction that a failure would roll back: the
 * attempt must stay counted.
 */
export const hitRateLimit = async (
  db: Knex,
  rule: RateLimitRule,
  key: string,
  at?: Date,
): Promise<void> => {
  const counted = await countRateLimitHits(db, rule, key, 1, at)
  judge(rule, counted, counted.now)
}

/** How often a batched limit adds a process's hits to PostgreSQL and learns the others'. */
export const BATCH_FLUSH_MS = 1000

/**
 * The same limit for a key that many requests hit each second (an API key): counting each in
 * PostgreSQL would make all of them update one row, each commit waiting on the last. Here a
 * process counts its own hits in memory and adds them to PostgreSQL once per `flushMs`, learning
 * the other processes' hits in the same statement; a key active within the last window is
 * refreshed so even while this process is quiet. A key's first hit in this process is counted in
 * PostgreSQL at once. The cost: the limit is judged on the other processes' hits as of at most
 * two flushes ago (about 2 s), and hits are placed in the window in which they are flushed.
 */
export const batchedRateLimit = (
  db: Knex,
  rule: RateLimitRule,
  options: { flushMs?: number; onError?: (error: unknown) => void } = {},
) => {
  const flushMs = options.flushMs ?? BATCH_FLUSH_MS
  const windowMs = rule.windowSeconds * 1000
  type KeyState = {
    /** Counts as of the last statement (this process's hits up to then included). */
    known: CountedHits
    /** Local clock when `known` came back. */
    knownAt: number
    /** Hits not yet sent, and hits being sent. */
    pending: number
    sending: number
    lastHitAt: number
  }
  const keys = new Map<string, KeyState>()
  let timer: NodeJS.Timeout | null = null

  /** The sliding counts now, from what PostgreSQL said last and this process's hits since. */
  const countsNow = (state: KeyState): { counts: WindowCounts; now: Date } => {
    const now = new Date(state.known.now.getTime() + (Date.now() - state.knownAt))
    let elapsedMs = now.getTime() - state.known.windowStart.getTime()
    let previous = state.known.previous
    let current = state.known.current + state.sending + state.pending
    if (elapsedMs >= windowMs) {
      // The window turned since: the unsent hits are the new window's.
      const turned = Math.floor(elapsedMs / windowMs)
      previous = turned === 1 ? state.known.current + state.sending : 0
      current = state.pending
      elapsedMs -= turned * windowMs
    }
    return { counts: { previous, current, elapsedSeconds: elapsedMs / 1000 }, now }
  }

  const flushKey = async (key: string, state: KeyState) => {
    const hits = state.pending
    state.pending = 0
    state.sending = hits
    try {
      state.known = await countRateLimitHits(db, rule, key, hits)
      state.knownAt = Date.now()
    } catch (error) {
      state.pending += hits
      options.onError?.(error)
    } finally {
      state.sending = 0
    }
  }

  const flush = async () => {
    const now = Date.now()
    for (const [key, state] of keys) {
      if (state.pending > 0 || now - state.lastHitAt < windowMs) await flushKey(key, state)
      else if (now - state.lastHitAt > 2 * windowMs) keys.delete(key)
    }
    if (keys.size === 0 && timer) {
      clearInterval(timer)
      timer = null
    }
  }

  let flushing: Promise<void> | null = null
  const tick = () => {
    if (!flushing) flushing = flush().finally(() => (flushing = null))
  }

  return {
    /** Counts one hit of `key`; throws RATE_LIMITED past the limit (the refused hit counts). */
    hit: async (key: string): Promise<void> => {
      const state = keys.get(key)
      if (!state) {
        const known = await countRateLimitHits(db, rule, key, 1)
        keys.set(key, { known, knownAt: Date.now(), pending: 0, sending: 0, lastHitAt: Date.now() })
        if (!timer) {
          timer = setInterval(tick, flushMs)
          timer.unref()
        }
        judge(rule, known, known.now)
        return
      }
      state.pending++
      state.lastHitAt = Date.now()
      const { counts, now } = countsNow(state)
      judge(rule, counts, now)
    },
    /** Sends every unsent hit now (shutdown, tests). */
    flush: async () => {
      await flushing
      await flush()
    },
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
