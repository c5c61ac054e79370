import type { Config, SmtpAuthMethod, SmtpSecure } from '../config.ts'
import type { Queryable } from '../db/transaction.ts'
import { runningLocalMailbox } from './mailbox/local-mailbox-endpoint.ts'
import { decryptSecret, settingsKey } from './settings-crypto.ts'

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$|^[^\s@<>]+@localhost$/

/** Whether a sender (`a@b.c` or `Name <a@b.c>`) carries an email address. */
export const senderHasAddress = (from: string) => {
  const inBrackets = /<([^<>]+)>\s*$/.exec(from)
  return ADDRESS.test((inBrackets ? inBrackets[1]! : from).trim())
}

export type { SmtpAuthMethod, SmtpSecure } from '../config.ts'

/** Where an effective SMTP value comes from (shown next to it on the settings page). */
export type SettingSource = 'env' | 'database' | 'default'

export type Sourced<T> = { value: T; source: SettingSource }

/** The SMTP settings in force: the sender, the test email, diagnostics and the settings page use these. */
export type EffectiveSmtpConfig = {
  /** Null when no host is set anywhere and no local mailbox runs in this process. */
  host: Sourced<string | null>
  port: Sourced<number>
  secure: Sourced<SmtpSecure>
  user: Sourced<string | null>
  /** The password in clear: never show it (see redactSmtpConfig). */
  password: Sourced<string | null>
  authMethod: Sourced<SmtpAuthMethod>
  tlsVerify: Sourced<boolean>
  from: Sourced<string>
  /** The embedded default: RewardFlow's own SMTP server on loopback receives every email. */
  localMailbox: boolean
  /** What keeps these settings from working, in plain words (empty when nothing does). */
  problems: string[]
}

/** The admin's row of `smtp_settings` (NULL: use the environment). */
export type SmtpSettingsRow = {
  host: string | null
  port: number | null
  secure: SmtpSecure | null
  username: string | null
  password_encrypted: string | null
  auth_method: SmtpAuthMethod | null
  from_address: string | null
  tls_verify: boolean | null
  updated_at: Date
  updated_by: string | null
}

/** Associated data of the encrypted SMTP password (a ciphertext moved to another column fails). */
export const SMTP_PASSWORD_PURPOSE = 'smtp_settings.password'

const DEFAULT_PORT: Record<SmtpSecure, number> = { tls: 465, starttls: 587, none: 25 }

const pick = <T>(database: T | null | undefined, env: T | undefined, fallback: T): Sourced<T> =>
  database !== null && database !== undefined
    ? { value: database, source: 'database' }
    : env !== undefined
      ? { value: env, source: 'env' }
      : { value: fallback, source: 'default' }

const defaultFrom = (baseUrl: string) => `RewardFlow <no-reply@${new URL(baseUrl).hostname}>`

/** The admin's SMTP settings row, if any. */
export const readSmtpSettings = async (db: Queryable): Promise<SmtpSettingsRow | undefined> =>
  db('smtp_settings').where('id', 1).first()

/**
 * The one computation of the SMTP settings in force: per value the admin's (database), else the
 * environment's, else a default — and which one it is. With no host anywhere, the local mailbox
 * of this process (the embedded default; see local-mailbox.ts), with no TLS and no auth.
 */
export const effectiveSmtpConfig = async (
  db: Queryable,
  config: Pick<Config, 'smtp' | 'baseUrl' | 'dataDir' | 'emailSettingsKey'>,
): Promise<EffectiveSmtpConfig> => {
  const row = await readSmtpSettings(db)
  const env = config.smtp
  const problems: string[] = []
  const from = pick(row?.from_address, env.from, defaultFrom(config.baseUrl))
  if (!senderHasAddress(from.value))
    problems.push(`The sender "${from.value}" has no email address.`)
  const host = pick<string | null>(row?.host || null, env.host || undefined, null)
  if (host.value === null) {
    const local = runningLocalMailbox()
    if (!local)
      problems.push(
        'No SMTP host is set (SMTP_HOST or the SMTP settings) and no local mailbox runs in this process.',
      )
    const fixed = <T>(value: T): Sourced<T> => ({ value, source: 'default' })
    return {
      host: fixed(local?.host ?? null),
      port: fixed(local?.port ?? DEFAULT_PORT.none),
      secure: fixed('none'),
      user: fixed(null),
      password: fixed(null),
      authMethod: fixed('auto'),
      tlsVerify: fixed(true),
      from,
      localMailbox: local !== null,
      problems,
    }
  }
  const port0 = pick(row?.port, env.port, 0)
  const secure = pick<SmtpSecure>(
    row?.secure,
    env.secure,
    port0.value === DEFAULT_PORT.tls ? 'tls' : 'starttls',
  )
  const port =
    port0.value === 0 ? { value: DEFAULT_PORT[secure.value], source: port0.source } : port0
  const user = pick<string | null>(row?.username, env.user || undefined, null)
  let password: Sourced<string | null> = pick<string | null>(null, env.pass, null)
  let undecryptable = false
  if (row?.password_encrypted) {
    try {
      const { key } = settingsKey(config)
      password = {
        value: decryptSecret(row.password_encrypted, key, SMTP_PASSWORD_PURPOSE),
        source: 'database',
      }
    } catch {
      password = { value: null, source: 'database' }
      undecryptable = true
      problems.push(
        'The SMTP password saved in the database cannot be decrypted: EMAIL_SETTINGS_KEY (or DATA_DIR/email-settings.key) changed since it was saved. Save it again.',
      )
    }
  }
  if (user.value && !password.value && !undecryptable)
    problems.push(`The SMTP user "${user.value}" has no password.`)
  return {
    host,
    port,
    secure,
    user: { ...user, value: user.value || null },
    password,
    authMethod: pick(row?.auth_method, env.authMethod, 'auto'),
    tlsVerify: pick(row?.tls_verify, env.tlsVerify, true),
    from,
    localMailbox: false,
    problems,
  }
}

/** The effective settings without the password's value (for pages, logs and API answers). */
export const redactSmtpConfig = (
  effective: EffectiveSmtpConfig,
): Omit<EffectiveSmtpConfig, 'password'> & { password: Sourced<'set' | null> } => ({
  ...effective,
  password: { value: effective.password.value ? 'set' : null, source: effective.password.source },
})
