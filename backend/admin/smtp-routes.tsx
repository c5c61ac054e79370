import { pageList } from '../web/pages/page-route.ts'
import type { Knex } from 'knex'
import { z } from 'zod'
import type { Config, SmtpAuthMethod, SmtpSecure } from '../config.ts'
import { runSmtpDiagnostics } from '../email/diagnostics/run-smtp-diagnostics.ts'
import type { SmtpTarget } from '../email/diagnostics/smtp-target.ts'
import { createMailer } from '../email/mailer.ts'
import { describeSmtpError } from '../email/send-email.ts'
import {
  effectiveSmtpConfig,
  readSmtpSettings,
  redactSmtpConfig,
  type EffectiveSmtpConfig,
  type SmtpSettingsRow,
} from '../email/smtp-config.ts'
import { saveSmtpSettings, type SmtpSettingsChanges } from '../email/smtp-settings.ts'
import { translator, type Translate } from '../i18n/i18n.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import type { FieldErrors } from '../web/pages/form.tsx'
import { formBody } from '../web/pages/query.ts'
import { invalidFieldErrors, isErrorOf } from '../web/pages/form-errors.ts'
import { SmtpDiagnosticsPage } from './views/smtp-diagnostics-page.tsx'
import {
  SmtpSettingsPage,
  type SmtpFormValues,
  type SmtpTestResult,
} from './views/smtp-settings-page.tsx'

/** The override form's values as stored (empty: use the environment). */
export const formValuesOf = (row: SmtpSettingsRow | undefined): SmtpFormValues => ({
  host: row?.host ?? '',
  port: row?.port ? String(row.port) : '',
  secure: row?.secure ?? '',
  user: row?.username ?? '',
  auth_method: row?.auth_method ?? '',
  from: row?.from_address ?? '',
  tls_verify:
    row?.tls_verify === null || row?.tls_verify === undefined ? '' : row.tls_verify ? 'yes' : 'no',
})

/** The form's field of each setting (the names the page uses). */
const FORM_FIELDS = {
  host: 'host',
  port: 'port',
  secure: 'secure',
  username: 'user',
  authMethod: 'auth_method',
  fromAddress: 'from',
  tlsVerify: 'tls_verify',
} as const

/**
 * The submitted override form as changes for saveSmtpSettings, which checks them. Empty fields
 * go back to the environment; an empty password keeps the saved one.
 */
const smtpFormChanges = (body: Record<string, string | undefined>): SmtpSettingsChanges => {
  const text = (name: string) => (body[name] ?? '').trim()
  const port = text('port')
  const tlsVerify = text('tls_verify')
  const password = body.password ?? ''
  // Values the form cannot produce are passed on as they are, for saveSmtpSettings to refuse.
  return {
    host: text('host') || null,
    port: port ? (/^\d+$/.test(port) ? Number(port) : NaN) : null,
    secure: (text('secure') || null) as SmtpSecure | null,
    username: text('user') || null,
    authMethod: (text('auth_method') || null) as SmtpAuthMethod | null,
    fromAddress: text('from') || null,
    tlsVerify: tlsVerify
      ? (({ yes: true, no: false } as Record<string, boolean>)[tlsVerify] ?? (tlsVerify as never))
      : null,
    ...(body.clear_password === 'yes' ? { password: null } : password ? { password } : {}),
  }
}

/** The effective settings as the diagnostics examine them (null: no host to examine). */
export const diagnosticsTarget = (smtp: EffectiveSmtpConfig): SmtpTarget | null =>
  smtp.host.value
    ? {
        host: smtp.host.value,
        port: smtp.port.value,
        secure: smtp.secure.value,
        authMethod: smtp.authMethod.value,
        from: smtp.from.value,
        ...(smtp.user.value ? { user: smtp.user.value } : {}),
        ...(smtp.password.value ? { pass: smtp.password.value } : {}),
      }
    : null

/** Sends one test email through the effective settings, as the sender does. */
const sendTestEmail = async (
  smtp: EffectiveSmtpConfig,
  to: string,
  t: Translate<'admin'>,
): Promise<SmtpTestResult> => {
  const shown = {
    to,
    host: smtp.host.value,
    port: smtp.port.value,
    secure: smtp.secure.value,
    authMethod: smtp.authMethod.value,
    user: smtp.user.value,
    from: smtp.from.value,
  }
  const mailer = createMailer({ maxConnections: 1, connectionTimeoutMs: 10_000 })
  try {
    const sent = await mailer.send(smtp, {
      from: smtp.from.value,
      to,
      subject: t('email_settings:test.subject'),
      text: t('email_settings:test.body'),
    })
    return { ...shown, ok: true, response: sent.response, messageId: sent.messageId }
  } catch (error) {
    return { ...shown, ok: false, error: describeSmtpError(error as Error, smtp) }
  } finally {
    mailer.close()
  }
}

/**
 * The SMTP pages of the administration: settings in force with their origin and the override
 * form (/admin/email/settings), the test email (/admin/email/test) and the step-by-step
 * diagnostics (/admin/email/diagnostics), behind an admin session.
 */
export const smtpRoutes = (db: Knex, config: Config) => {
  const pages = pageList()
  const tOf = (ctx: PageCtx) => translator(ctx.state.language, 'admin')

  pages.get('adminEmailSettings', 'email.settings.manage', async (ctx) => {
    const smtp = redactSmtpConfig(await effectiveSmtpConfig(db, config))
    const values = formValuesOf(await readSmtpSettings(db))
    sendPage(
      ctx,
      'admin',
      <SmtpSettingsPage
        admin={ctx.state.admin!}
        smtp={smtp}
        values={values}
        saved={ctx.query.saved === '1'}
      />,
    )
  })

  pages.post('adminEmailSettings', 'email.settings.manage', async (ctx) => {
    const body = formBody(ctx)
    try {
      await saveSmtpSettings(db, config, smtpFormChanges(body), ctx.state.admin!.id)
    } catch (error) {
      if (!isErrorOf(error, ['VALIDATION_FAILED'] as const)) throw error
      const t = tOf(ctx)
      // The user name has no rule to break, so no message.
      const fields = (Object.keys(FORM_FIELDS) as (keyof typeof FORM_FIELDS)[]).filter(
        (field) => field !== 'username',
      )
      const invalid = invalidFieldErrors(error, fields, (field) =>
        t(`email_settings:settings.error.${FORM_FIELDS[field]}`),
      )
      const errors = Object.fromEntries(
        Object.entries(invalid).map(([field, message]) => [
          FORM_FIELDS[field as keyof typeof FORM_FIELDS],
          message,
        ]),
      )
      const smtp = redactSmtpConfig(await effectiveSmtpConfig(db, config))
      const values: SmtpFormValues = {
        host: body.host ?? '',
        port: body.port ?? '',
        secure: body.secure ?? '',
        user: body.user ?? '',
        auth_method: body.auth_method ?? '',
        from: body.from ?? '',
        tls_verify: body.tls_verify ?? '',
      }
      sendPage(
        ctx,
        'admin',
        <SmtpSettingsPage admin={ctx.state.admin!} smtp={smtp} values={values} errors={errors} />,
        { status: 422 },
      )
      return
    }
    seeOther(ctx, ctx.state.urls.path('adminEmailSettings', null, { saved: 1 }))
  })

  pages.post('adminEmailTest', 'email.settings.manage', async (ctx) => {
    const t = tOf(ctx)
    const to = (formBody(ctx).to ?? '').trim()
    const effective = await effectiveSmtpConfig(db, config)
    const values = formValuesOf(await readSmtpSettings(db))
    const page = (extra: { testErrors?: FieldErrors; testResult?: SmtpTestResult }) =>
      sendPage(
        ctx,
        'admin',
        <SmtpSettingsPage
          admin={ctx.state.admin!}
          smtp={redactSmtpConfig(effective)}
          values={values}
          testTo={to}
          {...extra}
        />,
        { status: extra.testErrors ? 422 : 200 },
      )
    if (!z.email().safeParse(to).success)
      return page({ testErrors: { to: t('email_settings:test.invalid_to') } })
    page({ testResult: await sendTestEmail(effective, to, t) })
  })

  pages.get('adminEmailDiagnostics', 'email.settings.manage', (ctx) => {
    sendPage(ctx, 'admin', <SmtpDiagnosticsPage admin={ctx.state.admin!} />)
  })

  pages.post('adminEmailDiagnostics', 'email.settings.manage', async (ctx) => {
    const target = diagnosticsTarget(await effectiveSmtpConfig(db, config))
    const steps = target ? await runSmtpDiagnostics(target) : null
    sendPage(
      ctx,
      'admin',
      <SmtpDiagnosticsPage
        admin={ctx.state.admin!}
        noHost={!target}
        {...(target && steps ? { run: { host: target.host, port: target.port, steps } } : {})}
      />,
    )
  })

  return pages.routes
}
