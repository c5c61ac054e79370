import { createHash, randomBytes } from 'node:crypto'
import path from 'node:path'
import type { Config } from '../config.ts'
import type { Queryable } from '../db/transaction.ts'
import { decryptSecret, encryptSecret, settingsKey } from '../email/settings-crypto.ts'
import type { AccountRef } from './accounts.ts'

// The second factor of staff accounts (platform admins, merchant users): a TOTP secret
// (security/totp.ts), kept as AES-256-GCM ciphertext under the key of the encrypted settings
// (EMAIL_SETTINGS_KEY, email/settings-crypto.ts), and ten one-time recovery codes (SHA-256 only).

export type StaffAccountRef = Extract<AccountRef, { audience: 'merchant' | 'admin' }>

export const STAFF_TABLE = { merchant: 'merchant_users', admin: 'platform_admins' } as const

/** The recovery_codes / sign_in_challenges columns naming a staff account. */
export const staffSubject = (account: StaffAccountRef) => ({
  merchant_id: account.audience === 'merchant' ? account.merchantId : null,
  merchant_user_id: account.audience === 'merchant' ? account.id : null,
  platform_admin_id: account.audience === 'admin' ? account.id : null,
})

const PURPOSE = 'totp-secret'

/** The key TOTP secrets are encrypted with (that of the encrypted settings). */
export const secondFactorKey = (
  config: Pick<Config, 'emailSettingsKey' | 'dataDir'> & { env?: Config['env'] },
): Buffer => settingsKey(config).key

/**
 * The same key read from the environment as loadConfig would (EMAIL_SETTINGS_KEY, else the key
 * file in DATA_DIR), for code that runs without a configuration at hand: the demo seed when a
 * test or the seed command calls it.
 */
export const environmentSecondFactorKey = (): Buffer =>
  secondFactorKey({
    emailSettingsKey: process.env.EMAIL_SETTINGS_KEY || undefined,
    dataDir: path.resolve(process.env.DATA_DIR || './.data'),
    env: process.env.NODE_ENV === 'production' ? 'production' : undefined,
  })

export const sealTotpSecret = (secret: string, key: Buffer) => encryptSecret(secret, key, PURPOSE)
export const openTotpSecret = (stored: string, key: Buffer) => decryptSecret(stored, key, PURPOSE)

export const RECOVERY_CODE_COUNT = 10

/** A recovery code: ten base32 characters in two groups (`abcde-fghij`), 50 bits. */
export const newRecoveryCode = (): string => {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789'
  const bytes = randomBytes(10)
  const chars = [...bytes].map((byte) => alphabet[byte % alphabet.length]).join('')
  return `${chars.slice(0, 5)}-${chars.slice(5)}`
}

/** How a typed recovery code is compared: lower case, without spaces and dashes. */
export const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '')

export const hashRecoveryCode = (code: string) =>
  createHash('sha256').update(normalizeRecoveryCode(code)).digest('hex')

export type SecondFactorState = {
  enabled: boolean
  enabledAt: Date | null
  recoveryCodesLeft: number
}

/** Whether the account's second factor is on, and how many recovery codes are unused. */
export const loadSecondFactorState = async (
  db: Queryable,
  account: StaffAccountRef,
): Promise<SecondFactorState> => {
  const row = await db(STAFF_TABLE[account.audience])
    .where('id', account.id)
    .first(
      'totp_enabled_at',
      db.raw('totp_secret IS NOT NULL AS enabled'),
      db.raw(
        `(SELECT count(*)::int FROM recovery_codes r WHERE r.${account.audience === 'admin' ? 'platform_admin_id' : 'merchant_user_id'} = ? AND r.used_at IS NULL) AS left`,
        [account.id],
      ),
    )
  return {
    enabled: row?.enabled === true,
    enabledAt: row?.totp_enabled_at ?? null,
    recoveryCodesLeft: row?.left ?? 0,
  }
}
