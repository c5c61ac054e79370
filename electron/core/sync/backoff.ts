export type BackoffOptions = { initialMs: number; maxMs: number }

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 60_000 }

/**
 * Delay before retry number `attempt` (1, 2, …): exponential with full jitter, so kiosks that
 * lost the server together do not come back together.
 */
export const backoffDelay = (
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number => {
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}
