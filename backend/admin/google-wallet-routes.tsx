import type { Knex } from 'knex'
import type { Config } from '../config.ts'
import { isErrorOf } from '../web/pages/form-errors.ts'
import { pageList } from '../web/pages/page-route.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { formBody } from '../web/pages/query.ts'
import { translator } from '../i18n/i18n.ts'
import type { FieldErrors } from '../web/pages/form.tsx'
import {
  readGoogleWalletSettings,
  saveGoogleWalletSettings,
  viewGoogleWalletSettings,
  type GoogleWalletFieldProblem,
  type GoogleWalletSettingsView,
} from '../wallet/google/google-wallet-settings.ts'
import { runGoogleWalletDiagnostics } from '../wallet/google/diagnostics.ts'
import { GoogleWalletPage, type GoogleWalletFormValues } from './views/google-wallet-page.tsx'

const formValuesOf = (settings: GoogleWalletSettingsView): GoogleWalletFormValues => ({
  issuer_id: settings.issuerId,
  allowed_origins: settings.allowedOrigins.join('\n'),
  default_logo_url: settings.defaultLogoUrl,
  version: String(settings.version),
})

/** Each refused field with its message in the page's language. */
const fieldErrors = (ctx: PageCtx, problems: GoogleWalletFieldProblem[]): FieldErrors => {
  const t = translator(ctx.state.language, 'wallet')
  return Object.fromEntries(
    problems.map((p) => [
      p.field,
      p.field === 'service_account'
        ? t(`admin.errors.service_account_${p.code}` as 'admin.errors.service_account_required')
        : t(`admin.errors.${p.field}`),
    ]),
  )
}

/**
 * The Google Wallet page of the administration (/admin/wallet): the issuer settings with the
 * key upload, and the diagnostics (/admin/wallet/diagnostics, a POST that shows the run on the
 * same page), behind an admin session.
 */
export const googleWalletRoutes = (db: Knex, config: Config) => {
  const pages = pageList()
  const endpoints = { tokenUrl: config.googleWallet.tokenUrl, apiUrl: config.googleWallet.apiUrl }
  const settingsNow = async () => viewGoogleWalletSettings(await readGoogleWalletSettings(db))
  /** The page with the settings as saved now; the form holds them unless `page` says otherwise. */
  const render = async (
    ctx: PageCtx,
    page: Omit<
      Parameters<typeof GoogleWalletPage>[0],
      'admin' | 'settings' | 'endpoints' | 'values'
    > & {
      values?: (settings: GoogleWalletSettingsView) => GoogleWalletFormValues
    } = {},
    status = 200,
  ) => {
    const settings = await settingsNow()
    const { values, ...rest } = page
    sendPage(
      ctx,
      'admin',
      <GoogleWalletPage
        admin={ctx.state.admin!}
        settings={settings}
        values={values ? values(settings) : formValuesOf(settings)}
        endpoints={endpoints}
        {...rest}
      />,
      { status },
    )
  }

  pages.get('adminWallet', 'wallet.settings.manage', (ctx) =>
    render(ctx, { saved: ctx.query.saved === '1' }),
  )

  pages.post('adminWallet', 'wallet.settings.manage', async (ctx) => {
    const body = formBody(ctx)
    const upload = ctx.state.upload
    const values: GoogleWalletFormValues = {
      issuer_id: body.issuer_id ?? '',
      allowed_origins: body.allowed_origins ?? '',
      default_logo_url: body.default_logo_url ?? '',
      version: body.version ?? '0',
    }
    const page = (extra: { errors?: FieldErrors; conflict?: boolean }, status: number) =>
      render(
        ctx,
        {
          ...extra,
          // After a conflict the form keeps what was typed, on the version now saved.
          values: (settings) =>
            extra.conflict ? { ...values, version: String(settings.version) } : values,
        },
        status,
      )
    if (upload?.tooLarge)
      return page(
        { errors: fieldErrors(ctx, [{ field: 'service_account', code: 'not_json' }]) },
        422,
      )
    try {
      const { problems } = await saveGoogleWalletSettings(
        db,
        config,
        {
          issuerId: values.issuer_id,
          ...(upload && !upload.tooLarge && upload.bytes.length > 0
            ? { serviceAccountJson: upload.bytes.toString('utf8') }
            : {}),
          allowedOrigins: values.allowed_origins,
          defaultLogoUrl: values.default_logo_url,
          version: Number(values.version) || 0,
        },
        ctx.state.admin!.id,
      )
      if (problems.length > 0) return page({ errors: fieldErrors(ctx, problems) }, 422)
    } catch (error) {
      if (!isErrorOf(error, ['EDIT_CONFLICT'] as const)) throw error
      return page({ conflict: true }, 409)
    }
    seeOther(ctx, ctx.state.urls.path('adminWallet', null, { saved: 1 }))
  })

  pages.get('adminWalletDiagnostics', 'wallet.settings.manage', (ctx) => {
    seeOther(ctx, ctx.state.urls.path('adminWallet'))
  })

  pages.post('adminWalletDiagnostics', 'wallet.settings.manage', async (ctx) =>
    render(ctx, { diagnostics: await runGoogleWalletDiagnostics(db, config) }),
  )

  return pages.routes
}
