import Router from '@koa/router'
import type { Knex } from 'knex'
import type { TFunction } from 'i18next'
import {
  SMTP_AUTH_METHODS,
  SMTP_SECURE_MODES,
  type Config,
  type SmtpAuthMethod,
  type SmtpSecure,
} from '../config.ts'
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
import { translator } from '../i18n/i18n.ts'
import { requireStaff } from '../platform/staff-sign-in.tsx'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import type { FieldErrors } from '../web/pages/form.tsx'
import { formBody } from '../web/pages/query.ts'
import { PAGES } from '../web/site/pages.ts'
import type { SiteAppState } from '../web/site/site-context.ts'
import { SmtpDiagnosticsPage } from './views/smtp-diagnostics-page.tsx'
import {
  SmtpSettingsPage,
  type SmtpFormValues,
  type SmtpTestResult,
} from './views/smtp-settings-page.tsx'

type FormBody = Record<string, string | undefined>

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$|^[^\s@<>]+@localhost$/
const HOST = /^[A-Za-z0-9.\-:[\]]+$/

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

const senderHasAddress = (from: string) => {
  const inBrackets = /<([^<>]+)>\s*$/.exec(from)
  return EMAIL.test((inBrackets ? inBrackets[1]! : from).trim())
}

/**
 * The submitted override form as changes for saveSmtpSettings, or the localized error of each
 * invalid field. Empty fields go back to the environment; an empty password keeps the saved one.
 */
export const parseSmtpForm = (
  body: FormBody,
  t: TFunction,
): { changes: SmtpSettingsChanges } | { errors: FieldErrors } => {
  const text = (name: string) => (body[name] ?? '').trim()
  const errors: FieldErrors = {}
  const host = text('host')
  if (host && !HOST.test(host)) errors.host = t('email_settings:settings.error.host')
  const port = text('port')
  const portNumber = Number(port)
  if (port && !(/^\d+$/.test(port) && portNumber >= 1 && portNumber <= 65535))
    errors.port = t('email_settings:settings.error.port')
  const secure = text('secure')
  if (secure && !(SMTP_SECURE_MODES as readonly string[]).includes(secure))
    errors.secure = t('email_settings:settings.error.secure')
  const authMethod = text('auth_method')
  if (authMethod && !(SMTP_AUTH_METHODS as readonly string[]).includes(authMethod))
    errors.auth_method = t('email_settings:settings.error.auth_method')
  const from = text('from')
  if (from && !senderHasAddress(from)) errors.from = t('email_settings:settings.error.from')
  const tlsVerify = text('tls_verify')
  if (tlsVerify && tlsVerify !== 'yes' && tlsVerify !== 'no')
    errors.tls_verify = t('email_settings:settings.error.tls_verify')
  if (Object.keys(errors).length > 0) return { errors }
  const password = body.password ?? ''
  return {
    changes: {
      host: host || null,
      port: port ? portNumber : null,
      secure: (secure || null) as SmtpSecure | null,
      username: text('user') || null,
      authMethod: (authMethod || null) as SmtpAuthMethod | null,
      fromAddress: from || null,
      tlsVerify: tlsVerify ? tlsVerify === 'yes' : null,
      ...(body.clear_password === 'yes' ? { password: null } : password ? { password } : {}),
    },
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
  t: TFunction,
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
  const router = new Router<SiteAppState>()
  const admin = requireStaff('admin')
  const tOf = (ctx: PageCtx) => translator(ctx.state.language, 'admin')

  router.get(PAGES.adminEmailSettings.pattern, admin, async (ctx) => {
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

  router.post(PAGES.adminEmailSettings.pattern, admin, async (ctx) => {
    const body = formBody(ctx)
    const parsed = parseSmtpForm(body, tOf(ctx))
    if ('errors' in parsed) {
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
        <SmtpSettingsPage
          admin={ctx.state.admin!}
          smtp={smtp}
          values={values}
          errors={parsed.errors}
        />,
        { status: 422 },
      )
      return
    }
    await saveSmtpSettings(db, config, parsed.changes, ctx.state.admin!.id)
    seeOther(ctx, ctx.state.urls.path('adminEmailSettings', null, { saved: 1 }))
  })

  router.post(PAGES.adminEmailTest.pattern, admin, async (ctx) => {
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
    if (!EMAIL.test(to)) return page({ testErrors: { to: t('email_settings:test.invalid_to') } })
    page({ testResult: await sendTestEmail(effective, to, t) })
  })

  router.get(PAGES.adminEmailDiagnostics.pattern, admin, (ctx) => {
    sendPage(ctx, 'admin', <SmtpDiagnosticsPage admin={ctx.state.admin!} />)
  })

  router.post(PAGES.adminEmailDiagnostics.pattern, admin, async (ctx) => {
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

  return router
}
