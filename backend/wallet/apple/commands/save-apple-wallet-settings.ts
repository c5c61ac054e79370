import { createHash, createPrivateKey, X509Certificate } from 'node:crypto'
import { z } from 'zod'
import type { Config } from '../../../config.ts'
import type { Actor } from '../../../auth/actor.ts'
import { audited } from '../../../audit/audited.ts'
import { encryptSecret, settingsKey } from '../../../email/settings-crypto.ts'
import { validationFailed } from '../../../errors.ts'
import {
  APPLE_SIGNER_KEY_PURPOSE,
  readAppleWalletSettings,
  type AppleWalletSettingsRow,
} from '../signing-settings.ts'

/** The admin's form: an empty certificate or key keeps the saved one. */
export type AppleWalletSettingsForm = {
  passTypeId: string
  teamId: string
  signerCertificate: string
  signerKey: string
  wwdrCertificate: string
}

const isCertificate = (pem: string) => {
  try {
    new X509Certificate(pem)
    return true
  } catch {
    return false
  }
}
const isPrivateKey = (pem: string) => {
  try {
    return createPrivateKey(pem).type === 'private'
  } catch {
    return false
  }
}

const pem = (check: (text: string) => boolean) =>
  z
    .string()
    .trim()
    .max(20_000)
    .refine((text) => text === '' || check(text), { params: { code: 'invalid' } })

const FormSchema = z.object({
  passTypeId: z
    .string()
    .trim()
    .regex(/^pass\.[A-Za-z0-9][A-Za-z0-9.-]{0,150}$/),
  teamId: z
    .string()
    .trim()
    .regex(/^[A-Z0-9]{10}$/),
  signerCertificate: pem(isCertificate),
  signerKey: pem(isPrivateKey),
  wwdrCertificate: pem(isCertificate),
})

const fingerprint = (text: string | null | undefined) =>
  text ? createHash('sha256').update(text).digest('hex').slice(0, 16) : null

const audit = (row: AppleWalletSettingsRow | undefined) =>
  row
    ? {
        pass_type_id: row.pass_type_id,
        team_id: row.team_id,
        signer_certificate: fingerprint(row.signer_certificate_pem),
        // The key's own fingerprint would help nobody and tell something: only that it changed.
        signer_key: fingerprint(row.signer_key_encrypted),
        wwdr_certificate: fingerprint(row.wwdr_certificate_pem),
      }
    : null

type Props = {
  actor: Actor
  merchantId: null
  adminId: string
  form: AppleWalletSettingsForm
  config: Pick<Config, 'dataDir' | 'emailSettingsKey' | 'env'>
}

const save = audited('wallet.apple.settings', async (trx, props: Props) => {
  const before = await readAppleWalletSettings(trx)
  const parsed = FormSchema.safeParse(props.form)
  const form = parsed.success ? parsed.data : null
  // The first save needs every file; later ones keep what is left empty.
  const missing = (['signerCertificate', 'signerKey', 'wwdrCertificate'] as const).filter(
    (field) =>
      props.form[field].trim() === '' &&
      !before?.[
        (
          {
            signerCertificate: 'signer_certificate_pem',
            signerKey: 'signer_key_encrypted',
            wwdrCertificate: 'wwdr_certificate_pem',
          } as const
        )[field]
      ],
  )
  if (!parsed.success || missing.length > 0) {
    const issues = [
      ...(parsed.success ? [] : parsed.error.issues),
      ...missing.map((field) => ({
        code: 'custom' as const,
        path: [field],
        message: 'missing',
        input: '',
        params: { code: 'missing' },
      })),
    ]
    throw validationFailed(new z.ZodError(issues))
  }
  const columns: Record<string, string> = {
    pass_type_id: form!.passTypeId,
    team_id: form!.teamId,
  }
  if (form!.signerCertificate) columns.signer_certificate_pem = `${form!.signerCertificate}\n`
  if (form!.wwdrCertificate) columns.wwdr_certificate_pem = `${form!.wwdrCertificate}\n`
  if (form!.signerKey)
    columns.signer_key_encrypted = encryptSecret(
      `${form!.signerKey}\n`,
      settingsKey(props.config).key,
      APPLE_SIGNER_KEY_PURPOSE,
    )
  await trx('apple_wallet_settings')
    .insert({ id: 1, ...columns, updated_by: props.adminId })
    .onConflict('id')
    .merge({ ...columns, updated_by: props.adminId, updated_at: trx.fn.now() })
  const after = await readAppleWalletSettings(trx)
  return {
    value: undefined,
    subjectType: 'apple_wallet_settings',
    subjectId: '1',
    before: audit(before),
    after: audit(after),
  }
})

/**
 * Saves the platform's Apple Wallet signing settings, audited; VALIDATION_FAILED names each
 * field that is not valid (`invalid`) or missing on the first save (`missing`). Nothing is
 * saved unless every field is.
 */
export const saveAppleWalletSettings = (
  db: Parameters<typeof save>[0],
  props: Omit<Props, 'actor' | 'merchantId'>,
) =>
  save(db, {
    ...props,
    actor: { type: 'platform_admin', id: props.adminId, merchantId: null },
    merchantId: null,
  })
