import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { AppError } from '../errors.ts'
import {
  batchedRateLimit,
  clearRateLimit,
  hitRateLimit,
  purgeExpiredRateLimits,
  secondsUntilAllowed,
  slidingCount,
  type RateLimitRule,
} from './rate-limit.ts'

const db = useTestDatabase()

const rule = (limit: number, windowSeconds = 600): RateLimitRule => ({
  name: `test-${randomUUID().slice(0, 8)}`,
  limit,
  windowSeconds,
})

const refusal = async (attempt: Promise<unknown>) => {
  const error = await attempt.then(
    () => null,
    (e: unknown) => e,
  )
  return error instanceof AppError ? error : null
}

describe('hitRateLimit', () => {
  it('lets `limit` attempts through, then refuses with when to retry', async () => {
    const limit = rule(3)
    for (let i = 0; i < 3; i++) await hitRateLimit(db.knex, limit, 'key')
    const error = await refusal(hitRateLimit(db.knex, limit, 'key'))
    expect(error?.code).toBe('RATE_LIMITED')
    expect(error?.status).toBe(429)
    const details = error!.details as { retry_at: string; retry_after_seconds: number }
    expect(details.retry_after_seconds).toBeGreaterThan(0)
    // The sliding count forgets this window's hits gradually through the next one: the wait
    // ends within two windows, at the latest.
    expect(details.retry_after_seconds).toBeLessThanOrEqual(1200)
    expect(new Date(details.retry_at).getTime()).toBeGreaterThan(Date.now())
    // Another key, or the same key under another rule, has its own count.
    await hitRateLimit(db.knex, limit, 'other key')
    await hitRateLimit(db.knex, rule(3), 'key')
  })

  it('counts exactly under concurrency (one atomic upsert per attempt)', async () => {
    const limit = rule(10)
    const results = await Promise.all(
      Array.from({ length: 25 }, () => refusal(hitRateLimit(db.knex, limit, 'burst'))),
    )
    expect(results.filter((e) => e === null)).toHaveLength(10)
    expect(results.filter((e) => e?.code === 'RATE_LIMITED')).toHaveLength(15)
  })

  it('stores no address in clear, and forgets a key when cleared', async () => {
    const limit = rule(1)
    await hitRateLimit(db.knex, limit, 'someone@example.test')
    const rows = await db.knex('rate_limits').where('bucket', 'like', `${limit.name}:%`)
    expect(JSON.stringify(rows)).not.toContain('someone')
    await clearRateLimit(db.knex, limit, 'someone@example.test')
    await hitRateLimit(db.knex, limit, 'someone@example.test')
  })

  it('refuses a burst that straddles a window boundary (the count slides)', async () => {
    const limit = rule(4, 600)
    const boundary = Math.ceil(Date.now() / 600_000) * 600_000
    // Two guesses in the last seconds of a window, two more and a fifth just after it.
    for (const offset of [-3_000, -1_000, 1_000, 2_000])
      await hitRateLimit(db.knex, limit, 'key', new Date(boundary + offset))
    const fifth = await refusal(hitRateLimit(db.knex, limit, 'key', new Date(boundary + 3_000)))
    expect(fifth?.code).toBe('RATE_LIMITED')
    // Once the earlier window has slid by, the key may try again.
    await hitRateLimit(db.knex, limit, 'key', new Date(boundary + 1_200_000))
  })

  it('lets attempts through again once the window has slid past them, and purges old windows', async () => {
    const limit = rule(1, 1)
    const second = Math.floor(Date.now() / 1000) * 1000 - 10_000
    const at = (ms: number) => new Date(second + ms)
    await hitRateLimit(db.knex, limit, 'key', at(100))
    expect((await refusal(hitRateLimit(db.knex, limit, 'key', at(200))))?.code).toBe('RATE_LIMITED')
    await hitRateLimit(db.knex, limit, 'key', at(2_100))
    // Both windows ended more than a window ago.
    expect(await purgeExpiredRateLimits(db.knex)).toBeGreaterThanOrEqual(2)
    expect(await db.knex('rate_limits').where('bucket', 'like', `${limit.name}:%`)).toEqual([])
  })
})

describe('batchedRateLimit', () => {
  it('judges each hit in memory, adds the hits to PostgreSQL per flush, and lets through again once the window has slid', async () => {
    const limit = rule(3, 1)
    const batched = batchedRateLimit(db.knex, limit, { flushMs: 50 })
    for (let i = 0; i < 3; i++) await batched.hit('key')
    expect(await refusal(batched.hit('key'))).toMatchObject({ code: 'RATE_LIMITED' })
    await batched.flush()
    // Every hit reached PostgreSQL, the refused one too.
    const { n } = (await db
      .knex('rate_limits')
      .where('bucket', 'like', `${limit.name}:%`)
      .sum({ n: 'hits' })
      .first()) as { n: number }
    expect(Number(n)).toBe(4)
    // Another process (another batched limit on the same rule) sees them.
    const other = batchedRateLimit(db.knex, limit, { flushMs: 50 })
    expect(await refusal(other.hit('key'))).toMatchObject({ code: 'RATE_LIMITED' })
    // Two windows later nothing weighs any more.
    await new Promise((resolve) => setTimeout(resolve, 2100))
    await batched.hit('key')
    await batched.flush()
    await other.flush()
  })
})

describe('the sliding count', () => {
  const limit = { name: 'login', limit: 10, windowSeconds: 900 }

  it('weighs the previous window by the share of it still within the last window', () => {
    expect(slidingCount(limit, { previous: 10, current: 1, elapsedSeconds: 0 })).toBe(11)
    expect(slidingCount(limit, { previous: 10, current: 1, elapsedSeconds: 450 })).toBe(6)
    expect(slidingCount(limit, { previous: 10, current: 1, elapsedSeconds: 900 })).toBe(1)
  })

  it('says when the next attempt would be let through, and that attempt is', () => {
    for (const counts of [
      { previous: 10, current: 1, elapsedSeconds: 0 },
      { previous: 8, current: 5, elapsedSeconds: 100 },
      { previous: 0, current: 11, elapsedSeconds: 30 },
      { previous: 3, current: 25, elapsedSeconds: 899 },
    ]) {
      const wait = secondsUntilAllowed(limit, counts)
      const at = counts.elapsedSeconds + wait
      // The next attempt, `wait` seconds from now: in this window or the next.
      const next =
        at < 900
          ? { previous: counts.previous, current: counts.current + 1, elapsedSeconds: at }
          : { previous: counts.current, current: 1, elapsedSeconds: at - 900 }
      expect(slidingCount(limit, next), JSON.stringify(counts)).toBeLessThanOrEqual(10 + 1e-9)
      // … and a second earlier it would not have been.
      const before =
        at - 1 < 900
          ? { previous: counts.previous, current: counts.current + 1, elapsedSeconds: at - 1 }
          : { previous: counts.current, current: 1, elapsedSeconds: at - 1 - 900 }
      expect(slidingCount(limit, before), JSON.stringify(counts)).toBeGreaterThan(10)
    }
  })
})
