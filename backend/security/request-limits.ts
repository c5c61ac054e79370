import type { Config } from '../config.ts'
import type { RateLimitRule } from './rate-limit.ts'

// The limits on doors that cost something or can be guessed at, other than the web logins
// (accounts/settings.ts): each a rule of rate-limit.ts, so counted in PostgreSQL and shared by
// every web process. Beyond one: RATE_LIMITED, 429 with Retry-After.

const MINUTE = 60

export type RequestLimits = {
  /** Storefront joins per client IP (each join sends an email). */
  joinPerIp: RateLimitRule
  /** Storefront joins per email address, whatever the store or IP (no mail bombing). */
  joinPerEmail: RateLimitRule
  /** Kiosk pairing attempts per client IP (a code is guessed at here). */
  pairingPerIp: RateLimitRule
  /** Attempts with one pairing code (a code tried again and again). */
  pairingPerCode: RateLimitRule
  /** JSON API requests per API key. */
  apiKey: RateLimitRule
}

/** Kiosk pairing's limits (fixed: a merchant pairs a few kiosks at a time). */
export const PAIRING_LIMITS: Pick<RequestLimits, 'pairingPerIp' | 'pairingPerCode'> = {
  pairingPerIp: { name: 'pairing-ip', limit: 20, windowSeconds: 10 * MINUTE },
  pairingPerCode: { name: 'pairing-code', limit: 5, windowSeconds: 10 * MINUTE },
}

/** The request limits of this process: the configurable ones from `config.rateLimits`. */
export const requestLimits = (config: Pick<Config, 'rateLimits'>): RequestLimits => ({
  joinPerIp: { name: 'join-ip', limit: config.rateLimits.joinsPerIp, windowSeconds: 10 * MINUTE },
  joinPerEmail: { name: 'join-email', limit: 5, windowSeconds: 60 * MINUTE },
  ...PAIRING_LIMITS,
  apiKey: { name: 'api-key', limit: config.rateLimits.apiKeyPerMinute, windowSeconds: MINUTE },
})
