import { z } from 'zod'
import {
  SMTP_AUTH_METHODS,
  SMTP_SECURE_MODES,
  type Config,
  type SmtpAuthMethod,
  type SmtpSecure,
} from '../config.ts'
import type { Queryable } from '../db/transaction.ts'
import { validationFailed } from '../errors.ts'
import { SMTP_PASSWORD_PURPOSE, senderHasAddress } from './smtp-config.ts'
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

/** What a saved setting must be (null: back to the environment; absent: unchanged). */
const SmtpSettingsChangesSchema = z.object({
  host: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.\-:[\]]+$/)
    .nullable()
    .optional(),
  port: z.number().int().min(1).max(65_535).nullable().optional(),
  secure: z.enum(SMTP_SECURE_MODES).nullable().optional(),
  username: z.string().nullable().optional(),
  password: z.string().nullable().optional(),
  authMethod: z.enum(SMTP_AUTH_METHODS).nullable().optional(),
  fromAddress: z.string().trim().refine(senderHasAddress).nullable().optional(),
  tlsVerify: z.boolean().nullable().optional(),
})

/**
 * Saves the admin's SMTP settings (the single `smtp_settings` row); VALIDATION_FAILED names the
 * changes that are not valid (a host with other characters, a port outside 1–65535, an unknown
 * TLS mode or auth method, a sender without an address).
 */
export const saveSmtpSettings = async (
  db: Queryable,
  config: Pick<Config, 'dataDir' | 'emailSettingsKey'>,
  changes: SmtpSettingsChanges,
  adminId: string | null,
): Promise<void> => {
  const checked = SmtpSettingsChangesSchema.safeParse(changes)
  if (!checked.success) throw validationFailed(checked.error)
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
