import type { Config } from '../../config.ts'
import type { Queryable } from '../../db/transaction.ts'
import { decryptSecret, settingsKey } from '../../email/settings-crypto.ts'
import { demoAppleCertificates } from './demo-certificates.ts'

/** Associated data of the encrypted signer key (settings-crypto: a ciphertext has one use). */
export const APPLE_SIGNER_KEY_PURPOSE = 'apple_wallet.signer_key'

export type AppleWalletSettingsRow = {
  pass_type_id: string | null
  team_id: string | null
  signer_certificate_pem: string | null
  signer_key_encrypted: string | null
  wwdr_certificate_pem: string | null
  updated_at: Date
}

/** What a pass is signed with, and where it came from. */
export type AppleSigning = {
  passTypeId: string
  teamId: string
  signerCertificate: string
  signerKey: string
  wwdrCertificate: string
  /** 'demo': the self-made CA in DATA_DIR — such a pass never installs on a real iPhone. */
  source: 'database' | 'demo'
  /** The demo root (only for 'demo'): what the demo's pass and APNs stand-in chain up to. */
  demoRoot?: string
}

export const readAppleWalletSettings = (db: Queryable) =>
  db('apple_wallet_settings').where('id', 1).first<AppleWalletSettingsRow | undefined>()

/** Whether the saved settings are complete enough to sign with. */
export const isComplete = (row: AppleWalletSettingsRow | undefined): boolean =>
  Boolean(
    row?.pass_type_id &&
    row.team_id &&
    row.signer_certificate_pem &&
    row.signer_key_encrypted &&
    row.wwdr_certificate_pem,
  )

/**
 * The signing in force: the admin's saved certificates when complete; otherwise, outside
 * production, the self-made demo set in DATA_DIR (made on first use); otherwise none (the
 * storefront shows no Apple Wallet link).
 */
export const appleSigning = async (
  db: Queryable,
  config: Pick<Config, 'dataDir' | 'emailSettingsKey' | 'env'>,
): Promise<AppleSigning | null> => {
  const row = await readAppleWalletSettings(db)
  if (row && isComplete(row))
    return {
      passTypeId: row.pass_type_id!,
      teamId: row.team_id!,
      signerCertificate: row.signer_certificate_pem!,
      signerKey: decryptSecret(
        row.signer_key_encrypted!,
        settingsKey(config).key,
        APPLE_SIGNER_KEY_PURPOSE,
      ),
      wwdrCertificate: row.wwdr_certificate_pem!,
      source: 'database',
    }
  if (config.env === 'production') return null
  const demo = demoAppleCertificates(config.dataDir)
  return {
    passTypeId: demo.passTypeId,
    teamId: demo.teamId,
    signerCertificate: demo.signer.certificate,
    signerKey: demo.signer.privateKey,
    wwdrCertificate: demo.wwdr.certificate,
    source: 'demo',
    demoRoot: demo.root.certificate,
  }
}

/**
 * Whether the storefront offers Apple Wallet passes, and whether they are demo passes (read
 * without decrypting any key); null: no pass can be signed.
 */
export const appleWalletOffer = async (
  db: Queryable,
  config: Pick<Config, 'env'>,
): Promise<{ demo: boolean } | null> => {
  if (isComplete(await readAppleWalletSettings(db))) return { demo: false }
  return config.env === 'production' ? null : { demo: true }
}
