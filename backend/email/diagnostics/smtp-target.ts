import type { SmtpAuthMethod, SmtpSecure } from '../../config.ts'

/** The login mechanisms RewardFlow speaks (the setting's `auto` takes the first offered). */
export type AuthMethod = Exclude<SmtpAuthMethod, 'auto'>

/**
 * The SMTP server the diagnostics examine: a plain object, so the settings page can check the
 * effective configuration as well as values typed into the form before they are saved.
 */
export type SmtpTarget = {
  host: string
  port: number
  secure: SmtpSecure
  user?: string
  /** Used for the login attempt only: never logged, never part of a result. */
  pass?: string
  authMethod: SmtpAuthMethod
  from?: string
  /** Limit of every network wait (DNS, connect, handshake, each reply); default 8 seconds. */
  timeoutMs?: number
}

export const DEFAULT_TIMEOUT_MS = 8_000

/** The TLS mode each well-known port is meant for (RFC 8314: 465 implicit TLS, 587 STARTTLS). */
export const USUAL_SECURE_MODE: Record<number, SmtpSecure> = {
  25: 'starttls',
  465: 'tls',
  587: 'starttls',
}

export const STANDARD_SMTP_PORTS: readonly number[] = [25, 465, 587]

export const hasCredentials = (target: SmtpTarget): boolean =>
  Boolean(target.user) && typeof target.pass === 'string' && target.pass.length > 0
