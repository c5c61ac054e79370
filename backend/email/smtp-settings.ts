import type { Config, SmtpAuthMethod, SmtpSecure } from '../config.ts'
import type { Queryable } from '../db/transaction.ts'
import { SMTP_PASSWORD_PURPOSE } from './smtp-config.ts'
import { encryptSecret, settingsKey } from './settings-crypto.ts'

/**
 * The admin's SMTP settings. Each value: `undefined` leaves it as it is, `null` clears it (the
 * environment's value or the default applies again). The password is stored encrypted.
 */
export type SmtpSettingsChanges = {
  host?: string | null
  port?: number | null
  secure?: SmtpSecure | null
  /** An empty string means "no authentication", whatever SMTP_USER says. */
  username?: string | null
  password?: string | null
  authMethod?: SmtpAuthMethod | null
  fromAddress?: string | null
  tlsVerify?: boolean | null
}

/** Saves the admin's SMTP settings (the single `smtp_settings` row). */
export const saveSmtpSettings = async (
  db: Queryable,
  config: Pick<Config, 'dataDir' | 'emailSettingsKey'>,
  changes: SmtpSettingsChanges,
  adminId: string | null,
): Promise<void> => {
  const columns: Record<string, unknown> = {}
  const set = (column: string, value: unknown) => {
    if (value !== undefined) columns[column] = value
  }
  set('host', changes.host === undefined ? undefined : changes.host?.trim() || null)
  set('port', changes.port)
  set('secure', changes.secure)
  set('username', changes.username === undefined ? undefined : (changes.username?.trim() ?? null))
  set('auth_method', changes.authMethod)
  set(
    'from_address',
    changes.fromAddress === undefined ? undefined : changes.fromAddress?.trim() || null,
  )
  set('tls_verify', changes.tlsVerify)
  if (changes.password !== undefined)
    columns.password_encrypted =
      changes.password === null
        ? null
        : encryptSecret(changes.password, settingsKey(config).key, SMTP_PASSWORD_PURPOSE)
  await db('smtp_settings')
    .insert({ id: 1, ...columns, updated_by: adminId })
    .onConflict('id')
    .merge({ ...columns, updated_by: adminId, updated_at: db.fn.now() })
}
