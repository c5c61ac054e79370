import { pageList } from '../web/pages/page-route.ts'
import type { Knex } from 'knex'
import type { Config } from '../config.ts'
import { translator } from '../i18n/i18n.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { formBody } from '../web/pages/query.ts'
import { invalidFieldErrors, isErrorOf } from '../web/pages/form-errors.ts'
import { runAppleDiagnostics } from '../wallet/apple/diagnostics.ts'
import { saveAppleWalletSettings } from '../wallet/apple/commands/save-apple-wallet-settings.ts'
import {
  appleDiagnosticsInput,
  loadAppleWalletOverview,
  type AppleWalletOverview,
} from '../wallet/apple/queries/apple-wallet-overview.ts'
import { WalletApplePage, type AppleWalletFormValues } from './views/wallet-apple-page.tsx'

/** The form's fields and the command's names for them. */
const FIELDS = {
  pass_type_id: 'passTypeId',
  team_id: 'teamId',
  signer_certificate: 'signerCertificate',
  signer_key: 'signerKey',
  wwdr_certificate: 'wwdrCertificate',
} as const
type FormField = keyof typeof FIELDS

const savedValues = (overview: AppleWalletOverview): AppleWalletFormValues => ({
  pass_type_id: overview.form.passTypeId,
  team_id: overview.form.teamId,
  signer_certificate: '',
  wwdr_certificate: '',
})

/**
 * Apple Wallet's administration (/admin/wallet/apple): the signing in force, the certificates
 * form (the key encrypted like the SMTP password, never shown again) and the diagnostics
 * (/admin/wallet/apple/diagnostics), behind the same admin policy as the SMTP pages.
 */
export const walletAppleRoutes = (db: Knex, config: Config) => {
  const pages = pageList()
  const page = async (
    ctx: PageCtx,
    extra: Partial<Parameters<typeof WalletApplePage>[0]> = {},
    status = 200,
  ) => {
    const overview = await loadAppleWalletOverview(db, config)
    sendPage(
      ctx,
      'admin',
      <WalletApplePage
        admin={ctx.state.admin!}
        overview={overview}
        values={savedValues(overview)}
        {...extra}
      />,
      { status },
    )
  }

  pages.get('adminWalletApple', 'email.settings.manage', (ctx) =>
    page(ctx, { saved: ctx.query.saved === '1' }),
  )

  pages.post('adminWalletApple', 'email.settings.manage', async (ctx) => {
    const body = formBody(ctx)
    const text = (field: FormField) => body[field] ?? ''
    try {
      await saveAppleWalletSettings(db, {
        adminId: ctx.state.admin!.id,
        config,
        form: {
          passTypeId: text('pass_type_id'),
          teamId: text('team_id'),
          signerCertificate: text('signer_certificate'),
          signerKey: text('signer_key'),
          wwdrCertificate: text('wwdr_certificate'),
        },
      })
    } catch (error) {
      if (!isErrorOf(error, ['VALIDATION_FAILED'] as const)) throw error
      const t = translator(ctx.state.language, 'wallet_apple')
      const byName = Object.fromEntries(
        Object.entries(FIELDS).map(([field, name]) => [name, field as FormField]),
      )
      const invalid = invalidFieldErrors(error, Object.values(FIELDS), (name, code) =>
        code === 'missing' ? t('admin.errors.incomplete') : t(`admin.errors.${byName[name]!}`),
      )
      const errors = Object.fromEntries(
        Object.entries(invalid).map(([name, message]) => [byName[name]!, message]),
      )
      // What was typed stays, except the key (like a password field).
      return page(
        ctx,
        {
          errors,
          values: {
            pass_type_id: text('pass_type_id'),
            team_id: text('team_id'),
            signer_certificate: text('signer_certificate'),
            wwdr_certificate: text('wwdr_certificate'),
          },
        },
        422,
      )
    }
    seeOther(ctx, ctx.state.urls.path('adminWalletApple', null, { saved: 1 }))
  })

  pages.get('adminWalletAppleDiagnostics', 'email.settings.manage', (ctx) =>
    seeOther(ctx, ctx.state.urls.path('adminWalletApple')),
  )

  pages.post('adminWalletAppleDiagnostics', 'email.settings.manage', async (ctx) => {
    const steps = runAppleDiagnostics(await appleDiagnosticsInput(db, config))
    return page(ctx, { steps })
  })

  return pages.routes
}
