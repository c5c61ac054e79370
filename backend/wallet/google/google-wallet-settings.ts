import type { Config } from '../../config.ts'
import type { Queryable } from '../../db/transaction.ts'
import { AppError } from '../../errors.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { platformAdminActor, systemActor } from '../../auth/actor.ts'
import { inTransaction } from '../../db/transaction.ts'
import { decryptSecret, encryptSecret, settingsKey } from '../../email/settings-crypto.ts'
import { parseServiceAccount, type ServiceAccount } from './service-account.ts'

export const GOOGLE_WALLET_KEY_PURPOSE = 'google_wallet_settings.private_key'

export type GoogleWalletSettingsRow = {
  issuer_id: string | null
  service_account_email: string | null
  private_key_id: string | null
  private_key_encrypted: string | null
  allowed_origins: string[]
  default_logo_url: string | null
  version: number
  updated_at: Date
}

/** What the admin page shows: never the key, only whose it is. */
export type GoogleWalletSettingsView = {
  issuerId: string
  serviceAccountEmail: string | null
  privateKeyId: string | null
  hasKey: boolean
  allowedOrigins: string[]
  defaultLogoUrl: string
  version: number
}

/** Settings the worker and the save link need: null while the issuer is not configured. */
export type GoogleWalletIssuer = {
  issuerId: string
  account: ServiceAccount
  allowedOrigins: string[]
  defaultLogoUrl: string | null
}

export const readGoogleWalletSettings = async (
  db: Queryable,
): Promise<GoogleWalletSettingsRow | undefined> =>
  db<GoogleWalletSettingsRow>('google_wallet_settings').where('id', 1).first()

export const viewGoogleWalletSettings = (
  row: GoogleWalletSettingsRow | undefined,
): GoogleWalletSettingsView => ({
  issuerId: row?.issuer_id ?? '',
  serviceAccountEmail: row?.service_account_email ?? null,
  privateKeyId: row?.private_key_id ?? null,
  hasKey: Boolean(row?.private_key_encrypted),
  allowedOrigins: row?.allowed_origins ?? [],
  defaultLogoUrl: row?.default_logo_url ?? '',
  version: row?.version ?? 0,
})

/** The service account from the stored row (its key decrypted), or why there is none. */
export const storedServiceAccount = (
  row: GoogleWalletSettingsRow | undefined,
  config: Pick<Config, 'dataDir' | 'emailSettingsKey' | 'env'>,
): ServiceAccount | null => {
  if (!row?.private_key_encrypted || !row.service_account_email) return null
  return {
    clientEmail: row.service_account_email,
    privateKeyId: row.private_key_id,
    privateKeyPem: decryptSecret(
      row.private_key_encrypted,
      settingsKey(config).key,
      GOOGLE_WALLET_KEY_PURPOSE,
    ),
  }
}

/** The configured issuer, or null when the id or the key is missing (wallet features off). */
export const loadGoogleWalletIssuer = async (
  db: Queryable,
  config: Pick<Config, 'dataDir' | 'emailSettingsKey' | 'env'>,
): Promise<GoogleWalletIssuer | null> => {
  const row = await readGoogleWalletSettings(db)
  const account = storedServiceAccount(row, config)
  if (!row?.issuer_id || !account) return null
  return {
    issuerId: row.issuer_id,
    account,
    allowedOrigins: row.allowed_origins,
    defaultLogoUrl: row.default_logo_url,
  }
}

export type GoogleWalletSettingsForm = {
  issuerId: string
  /** The uploaded key file's text; absent keeps the stored key. */
  serviceAccountJson?: string | undefined
  allowedOrigins: string
  defaultLogoUrl: string
  version: number
}

export type GoogleWalletFieldProblem = {
  field: 'issuer_id' | 'service_account' | 'allowed_origins' | 'default_logo_url'
  code: string
}

const originOf = (text: string): string | null => {
  try {
    const url = new URL(text)
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
    return url.origin
  } catch {
    return null
  }
}

/**
 * Checks the admin's form: every problem with its field and a code (the page's messages), so a
 * refused form saves nothing.
 */
export const checkGoogleWalletForm = (form: GoogleWalletSettingsForm) => {
  const problems: GoogleWalletFieldProblem[] = []
  const issuerId = form.issuerId.trim()
  if (!/^\d{1,30}$/.test(issuerId)) problems.push({ field: 'issuer_id', code: 'invalid' })
  let account: ServiceAccount | null = null
  if (form.serviceAccountJson !== undefined) {
    const parsed = parseServiceAccount(form.serviceAccountJson)
    if (parsed.ok) account = parsed.account
    else problems.push({ field: 'service_account', code: parsed.problem })
  }
  const origins = form.allowedOrigins
    .split(/[\s,]+/)
    .map((o) => o.trim())
    .filter(Boolean)
  const normalized = origins.map(originOf)
  if (normalized.some((o) => o === null))
    problems.push({ field: 'allowed_origins', code: 'invalid' })
  const logo = form.defaultLogoUrl.trim()
  if (logo && !/^https?:\/\//.test(logo))
    problems.push({ field: 'default_logo_url', code: 'invalid' })
  return {
    problems,
    values: {
      issuerId,
      account,
      allowedOrigins: [...new Set(normalized.filter((o): o is string => o !== null))],
      defaultLogoUrl: logo || null,
    },
  }
}

/**
 * Saves the issuer settings from the version the page showed (EDIT_CONFLICT otherwise); a new
 * key file replaces the stored key, encrypted like the SMTP password; audited without the key.
 */
export const saveGoogleWalletSettings = async (
  db: Queryable,
  config: Pick<Config, 'dataDir' | 'emailSettingsKey' | 'env'>,
  form: GoogleWalletSettingsForm,
  adminId: string | null,
): Promise<{ problems: GoogleWalletFieldProblem[] }> => {
  const { problems, values } = checkGoogleWalletForm(form)
  const current = await readGoogleWalletSettings(db)
  if (!values.account && !current?.private_key_encrypted && form.serviceAccountJson === undefined)
    problems.push({ field: 'service_account', code: 'required' })
  if (problems.length > 0) return { problems }
  const version = current?.version ?? 0
  if (version !== form.version)
    throw new AppError('EDIT_CONFLICT', {
      subject: 'google_wallet_settings',
      id: '1',
      version: form.version,
      current_version: version,
    })
  const columns = {
    issuer_id: values.issuerId,
    allowed_origins: values.allowedOrigins,
    default_logo_url: values.defaultLogoUrl,
    ...(values.account
      ? {
          service_account_email: values.account.clientEmail,
          private_key_id: values.account.privateKeyId,
          private_key_encrypted: encryptSecret(
            values.account.privateKeyPem,
            settingsKey(config).key,
            GOOGLE_WALLET_KEY_PURPOSE,
          ),
        }
      : {}),
    updated_by: adminId,
  }
  await inTransaction(db, async (trx) => {
    const updated = current
      ? await trx('google_wallet_settings')
          .where({ id: 1, version })
          .update({ ...columns, version: version + 1, updated_at: trx.fn.now() })
      : (
          await trx('google_wallet_settings')
            .insert({ id: 1, ...columns })
            .onConflict('id')
            .ignore()
            .returning('id')
        ).length
    if (!updated)
      throw new AppError('EDIT_CONFLICT', {
        subject: 'google_wallet_settings',
        id: '1',
        version: form.version,
        current_version: version + 1,
      })
    const before = current
      ? {
          issuer_id: current.issuer_id,
          service_account_email: current.service_account_email,
          allowed_origins: current.allowed_origins,
          default_logo_url: current.default_logo_url,
        }
      : null
    await recordAudit(trx, {
      actor: adminId ? platformAdminActor(adminId) : systemActor(null, 'google-wallet'),
      merchantId: null,
      action: 'google_wallet.settings.update',
      subjectType: 'google_wallet_settings',
      subjectId: '1',
      data: {
        before,
        after: {
          issuer_id: columns.issuer_id,
          service_account_email:
            values.account?.clientEmail ?? current?.service_account_email ?? null,
          key_replaced: Boolean(values.account),
          allowed_origins: columns.allowed_origins,
          default_logo_url: columns.default_logo_url,
        },
      },
    })
  })
  return { problems: [] }
}

/** Whether the Save button may be shown: an issuer id and a key are saved. */
export const isGoogleWalletReady = async (db: Queryable): Promise<boolean> => {
  const row = await db('google_wallet_settings')
    .where('id', 1)
    .whereNotNull('issuer_id')
    .whereNotNull('private_key_encrypted')
    .first('id')
  return Boolean(row)
}
