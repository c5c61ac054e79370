import { X509Certificate } from 'node:crypto'
import type { Config } from '../../../config.ts'
import type { Queryable } from '../../../db/transaction.ts'
import { decryptSecret, settingsKey } from '../../../email/settings-crypto.ts'
import type { AppleDiagnosticsInput } from '../diagnostics.ts'
import {
  appleSigning,
  APPLE_SIGNER_KEY_PURPOSE,
  isComplete,
  readAppleWalletSettings,
} from '../signing-settings.ts'

/** What the admin's page shows of the signing in force (never the key). */
export type AppleWalletOverview = {
  source: 'database' | 'demo' | 'none'
  passTypeId: string | null
  teamId: string | null
  certificateSubject: string | null
  certificateValidTo: string | null
  saved: { signerCertificate: boolean; signerKey: boolean; wwdrCertificate: boolean }
  /** The saved ids, for the form. */
  form: { passTypeId: string; teamId: string }
}

type KeyConfig = Pick<Config, 'dataDir' | 'emailSettingsKey' | 'env'>

export const loadAppleWalletOverview = async (
  db: Queryable,
  config: KeyConfig,
): Promise<AppleWalletOverview> => {
  const row = await readAppleWalletSettings(db)
  const signing =
    isComplete(row) || config.env !== 'production' ? await appleSigning(db, config) : null
  let certificate: X509Certificate | null = null
  try {
    certificate = signing ? new X509Certificate(signing.signerCertificate) : null
  } catch {
    certificate = null
  }
  return {
    source: signing?.source ?? 'none',
    passTypeId: signing?.passTypeId ?? null,
    teamId: signing?.teamId ?? null,
    certificateSubject: certificate?.subject.replace(/\n/g, ', ') ?? null,
    certificateValidTo: certificate ? new Date(certificate.validTo).toISOString() : null,
    saved: {
      signerCertificate: Boolean(row?.signer_certificate_pem),
      signerKey: Boolean(row?.signer_key_encrypted),
      wwdrCertificate: Boolean(row?.wwdr_certificate_pem),
    },
    form: { passTypeId: row?.pass_type_id ?? '', teamId: row?.team_id ?? '' },
  }
}

/** What the diagnostics examine: the signing in force, else whatever part is saved. */
export const appleDiagnosticsInput = async (
  db: Queryable,
  config: KeyConfig,
): Promise<AppleDiagnosticsInput> => {
  const row = await readAppleWalletSettings(db)
  const signing =
    isComplete(row) || config.env !== 'production' ? await appleSigning(db, config) : null
  if (signing) return signing
  let signerKey: string | null = null
  try {
    signerKey = row?.signer_key_encrypted
      ? decryptSecret(row.signer_key_encrypted, settingsKey(config).key, APPLE_SIGNER_KEY_PURPOSE)
      : null
  } catch {
    signerKey = null
  }
  return {
    passTypeId: row?.pass_type_id ?? null,
    teamId: row?.team_id ?? null,
    signerCertificate: row?.signer_certificate_pem ?? null,
    signerKey,
    wwdrCertificate: row?.wwdr_certificate_pem ?? null,
  }
}
