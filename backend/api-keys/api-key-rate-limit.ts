import type { Knex } from 'knex'
import type { Middleware } from 'koa'
import type { AppState } from '../http/state.ts'
import { batchedRateLimit, type RateLimitRule } from '../security/rate-limit.ts'

/**
 * Counts each API request of an API key (after authentication set the principal) against
 * `rule`, shared by every web process through PostgreSQL but added there once a second per key
 * (batchedRateLimit: a busy integration's requests do not queue on one counter row): beyond it,
 * 429 RATE_LIMITED with Retry-After (the error handler sets it). Other callers pass untouched.
 */
export const apiKeyRateLimit = (
  db: Knex,
  rule: RateLimitRule,
  options: { flushMs?: number } = {},
): Middleware<AppState> => {
  const limit = batchedRateLimit(db, rule, options)
  return async (ctx, next) => {
    const principal = ctx.state.principal
    if (principal?.kind === 'api_key') await limit.hit(principal.id)
    await next()
  }
}
