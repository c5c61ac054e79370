import type { Queryable } from '../../db/transaction.ts'
import { purgeExpiredPasswordResets } from '../password-reset-tokens.ts'
import { purgeExpiredRateLimits } from '../../security/rate-limit.ts'
import { purgeExpiredSessions } from '../session-store.ts'
import { purgeExpiredSignInChallenges } from '../sign-in-challenges.ts'

/**
 * Deletes ended sessions, finished rate-limit windows, long-expired reset tokens and sign-in
 * challenges (the
 * hourly `web:purge-expired` job). Reads never depend on it: expiry is checked on every read.
 */
export const purgeExpiredWebRecords = async (db: Queryable) => ({
  sessions: await purgeExpiredSessions(db),
  rateLimits: await purgeExpiredRateLimits(db),
  passwordResets: await purgeExpiredPasswordResets(db),
  signInChallenges: await purgeExpiredSignInChallenges(db),
})
