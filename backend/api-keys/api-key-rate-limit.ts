import type { Knex } from 'knex'
import type { Middleware } from 'koa'
import type { AppState } from '../http/state.ts'
import { hitRateLimit, type RateLimitRule } from '../security/rate-limit.ts'

/**
 * Counts each API request of an API key (after authentication set the principal) against
 * `rule`, in PostgreSQL, so the limit holds across every web process: beyond it, 429
 * RATE_LIMITED with Retry-After (the error handler sets it). Other callers pass untouched.
 */
export const apiKeyRateLimit =
  (db: Knex, rule: RateLimitRule): Middleware<AppState> =>
  async (ctx, next) => {
    const principal = ctx.state.principal
    if (principal?.kind === 'api_key') await hitRateLimit(db, rule, principal.id)
    await next()
  }
