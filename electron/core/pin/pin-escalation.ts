/** Consecutive failures after which each attempt must wait (30 s, then doubling). */
export const DELAY_AFTER_FAILURES = 3
/** Consecutive failures after which the PIN is locked until the server (or a manager) clears it. */
export const HARD_LOCK_AFTER_FAILURES = 10
export const FIRST_DELAY_MS = 30_000

/**
 * How long the next attempt must wait after this many consecutive failures: 0 below 3, then
 * 30 s, 60 s, 120 s, … (32 min after the 9th); null from the 10th on (hard lock).
 */
export const delayAfter = (failures: number): number | null => {
  if (failures >= HARD_LOCK_AFTER_FAILURES) return null
  if (failures < DELAY_AFTER_FAILURES) return 0
  return FIRST_DELAY_MS * 2 ** (failures - DELAY_AFTER_FAILURES)
}

export type PinLock = { state: 'open' } | { state: 'delayed'; retryAt: Date } | { state: 'locked' }

/** Whether an attempt may be checked now, given the failures counted so far. */
export const pinLock = (failures: number, lastFailedAt: Date | null, now: Date): PinLock => {
  const delay = delayAfter(failures)
  if (delay === null) return { state: 'locked' }
  if (delay === 0 || lastFailedAt === null) return { state: 'open' }
  const retryAt = new Date(lastFailedAt.getTime() + delay)
  return now < retryAt ? { state: 'delayed', retryAt } : { state: 'open' }
}
