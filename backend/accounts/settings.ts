import type { Config } from '../config.ts'
import type { RateLimitRule } from '../security/rate-limit.ts'

/** Who a web session belongs to; each audience has its own cookie, login and timeouts. */
export const AUDIENCES = ['customer', 'merchant', 'admin'] as const
export type Audience = (typeof AUDIENCES)[number]

export type SessionTimeouts = {
  /** The session ends after this long without a request. */
  idleSeconds: number
  /** … and this long after login, however active. */
  absoluteSeconds: number
}

export type WebAuthSettings = {
  timeouts: Record<Audience, SessionTimeouts>
  /** bcrypt cost of new password hashes (older, cheaper hashes are upgraded at login). */
  passwordCost: number
  limits: {
    loginPerIp: RateLimitRule
    loginPerAccount: RateLimitRule
    resetPerIp: RateLimitRule
    resetPerAccount: RateLimitRule
    /** Second-factor codes (TOTP or recovery) per account: a six-digit code cannot be guessed on. */
    secondFactorPerAccount: RateLimitRule
  }
  /** How long a password-reset link works. */
  resetTokenSeconds: number
}

const MINUTE = 60
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/**
 * Attempt limits. Login counts every attempt (a success clears the account's counter), so
 * parallel guesses cannot slip past; per IP is looser because offices and shop Wi-Fi share one.
 */
export const DEFAULT_LIMITS: WebAuthSettings['limits'] = {
  loginPerIp: { name: 'login-ip', limit: 30, windowSeconds: 15 * MINUTE },
  loginPerAccount: { name: 'login-account', limit: 10, windowSeconds: 15 * MINUTE },
  resetPerIp: { name: 'reset-ip', limit: 10, windowSeconds: HOUR },
  resetPerAccount: { name: 'reset-account', limit: 3, windowSeconds: HOUR },
  secondFactorPerAccount: { name: 'second-factor-account', limit: 5, windowSeconds: 15 * MINUTE },
}

/** The settings of the web accounts from the process configuration. */
export const webAuthSettings = (
  config: Pick<Config, 'sessions' | 'passwordHashCost'> & {
    rateLimits?: Pick<Config['rateLimits'], 'loginsPerIp'>
  },
): WebAuthSettings => {
  const staff = {
    idleSeconds: config.sessions.staffIdleMinutes * MINUTE,
    absoluteSeconds: config.sessions.staffMaxHours * HOUR,
  }
  const customer = {
    idleSeconds: config.sessions.customerIdleMinutes * MINUTE,
    absoluteSeconds: config.sessions.customerMaxDays * DAY,
  }
  return {
    timeouts: { customer, merchant: staff, admin: staff },
    passwordCost: config.passwordHashCost,
    limits: {
      ...DEFAULT_LIMITS,
      loginPerIp: {
        ...DEFAULT_LIMITS.loginPerIp,
        limit: config.rateLimits?.loginsPerIp ?? DEFAULT_LIMITS.loginPerIp.limit,
      },
    },
    resetTokenSeconds: HOUR,
  }
}
