import { pageList } from '../web/pages/page-route.ts'
import { formBody } from '../web/pages/query.ts'
import type { Knex } from 'knex'
import { fieldsWithIssues } from '../../shared/schemas/storefront.ts'
import {
  ForgotPasswordForm,
  LoginForm,
  ResetPasswordForm,
} from '../../shared/schemas/storefront-auth.ts'
import type { Config } from '../config.ts'
import { AppError } from '../errors.ts'
import { translator } from '../i18n/i18n.ts'
import { safeNext } from '../web/site/safe-next.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import type { FieldErrors } from '../web/pages/form.tsx'
import { loginCustomer } from '../accounts/commands/log-in.ts'
import { resetPasswordAndSignIn } from '../accounts/commands/reset-password-and-sign-in.ts'
import { checkPasswordReset } from '../accounts/queries/check-password-reset.ts'
import { requestStorefrontPasswordReset } from '../accounts/password-reset-job.ts'
import { PASSWORD_MIN_LENGTH } from '../accounts/passwords.ts'
import {
  formError,
  isErrorOf,
  issueFieldErrors,
  passwordPolicyError,
} from '../web/pages/form-errors.ts'
import type { CreatedSession } from '../accounts/session-store.ts'
import {
  sessionCookieToken,
  setSessionCookie,
  signIn,
  signOut,
} from '../web/sessions/session-middleware.ts'
import { webAuthSettings } from '../accounts/settings.ts'
import { LoginPage, type LoginValues } from './views/login-page.tsx'
import { ForgotPasswordPage } from './views/forgot-password-page.tsx'
import { ResetPasswordPage } from './views/reset-password-page.tsx'
import { ResetLinkSentPage } from './views/auth-reset-link-sent-page.tsx'
import { ResetLinkInvalidPage } from './views/auth-reset-link-invalid-page.tsx'

const storeOf = (ctx: PageCtx) => {
  const site = ctx.state.site
  if (site.kind !== 'store') throw new AppError('NOT_FOUND')
  return site
}

/** A `next` worth carrying: the raw value when it is a safe target on this site. */
const nextOf = (ctx: PageCtx, value: unknown): string | undefined => {
  const raw = Array.isArray(value) ? value[0] : value
  return typeof raw === 'string' && safeNext(raw, ctx.state.site) ? raw : undefined
}

/** One localized message per field with an issue, from `<form>.errors.<field>`. */
const fieldErrors = (
  ctx: PageCtx,
  form: 'login' | 'forgot' | 'reset',
  issues: Iterable<string>,
): FieldErrors => {
  const t = translator(ctx.state.language, 'auth')
  if (form === 'login')
    return issueFieldErrors(issues, ['email', 'password'], (f) => t(`login.errors.${f}`))
  if (form === 'forgot') return issueFieldErrors(issues, ['email'], (f) => t(`forgot.errors.${f}`))
  return issueFieldErrors(issues, ['password', 'password_confirm'], (f) => t(`reset.errors.${f}`))
}

const RESET_LINK_ERRORS = ['PASSWORD_RESET_INVALID', 'PASSWORD_RESET_EXPIRED'] as const

/**
 * Sign-in pages of a store's customers: log in and out, forgot password, reset password. Plain
 * forms (POST → 303 → GET), every answer localized; the session and reset commands hold the
 * rules (rate limits, equal timing, single-use tokens).
 */
export const storefrontAuthRoutes = (db: Knex, config: Config) => {
  const pages = pageList()
  const settings = webAuthSettings(config)

  const afterLogin = (ctx: PageCtx, next: string | undefined) =>
    safeNext(next, ctx.state.site) ?? ctx.state.urls.path('account')

  pages.get('login', 'site.visit', (ctx) => {
    storeOf(ctx)
    const next = nextOf(ctx, ctx.query.next)
    if (ctx.state.customer) return seeOther(ctx, afterLogin(ctx, next))
    sendPage(ctx, 'auth', <LoginPage values={{ next }} />)
  })

  pages.post('login', 'site.visit', async (ctx) => {
    const site = storeOf(ctx)
    const form = formBody(ctx)
    const values: LoginValues = { email: form.email, next: nextOf(ctx, form.next) }
    const parsed = LoginForm.safeParse(form)
    if (!parsed.success) {
      const fields = fieldsWithIssues(parsed.error).filter((f) => f === 'email' || f === 'password')
      return sendPage(
        ctx,
        'auth',
        <LoginPage values={values} errors={fieldErrors(ctx, 'login', fields)} />,
        { status: 422 },
      )
    }
    try {
      const login = await loginCustomer(db, {
        merchantId: site.merchant.id,
        email: parsed.data.email,
        password: parsed.data.password,
        ip: ctx.ip,
        userAgent: ctx.get('user-agent'),
        previousToken: sessionCookieToken(ctx, 'customer'),
        settings,
      })
      signIn(ctx, login)
    } catch (error) {
      if (!isErrorOf(error, ['INVALID_CREDENTIALS', 'RATE_LIMITED'] as const)) throw error
      // One message for an unknown address, a wrong password or no password yet.
      return sendPage(ctx, 'auth', <LoginPage values={values} error={formError(ctx, error)} />, {
        status: error.status,
      })
    }
    seeOther(ctx, afterLogin(ctx, values.next))
  })

  // Logging out changes state: only a POST with its CSRF token does it (the header's button).
  pages.get('logout', 'site.visit', (ctx) => {
    storeOf(ctx)
    seeOther(ctx, ctx.state.urls.path('home'))
  })

  pages.post('logout', 'site.visit', async (ctx) => {
    storeOf(ctx)
    await signOut(db, ctx, 'customer')
    seeOther(ctx, ctx.state.urls.path('login'))
  })

  pages.get('forgotPassword', 'site.visit', (ctx) => {
    storeOf(ctx)
    if (ctx.query.sent !== undefined)
      return sendPage(
        ctx,
        'auth',
        <ResetLinkSentPage validMinutes={Math.round(settings.resetTokenSeconds / 60)} />,
      )
    sendPage(ctx, 'auth', <ForgotPasswordPage />)
  })

  pages.post('forgotPassword', 'site.visit', async (ctx) => {
    const site = storeOf(ctx)
    const form = formBody(ctx)
    const parsed = ForgotPasswordForm.safeParse(form)
    if (!parsed.success)
      return sendPage(
        ctx,
        'auth',
        <ForgotPasswordPage email={form.email} errors={fieldErrors(ctx, 'forgot', ['email'])} />,
        { status: 422 },
      )
    try {
      // Known or not, the same answer after the same work: the request is counted and a job
      // enqueued either way; the job decides whether there is anyone to email.
      await requestStorefrontPasswordReset(db, {
        merchantId: site.merchant.id,
        store: { id: site.store.id, name: site.store.name },
        email: parsed.data.email,
        ip: ctx.ip,
        settings,
        resetUrl: (token) => ctx.state.urls.absolute('resetPassword', { token }),
      })
    } catch (error) {
      if (!isErrorOf(error, ['RATE_LIMITED'] as const)) throw error
      return sendPage(
        ctx,
        'auth',
        <ForgotPasswordPage email={form.email} error={formError(ctx, error)} />,
        { status: error.status },
      )
    }
    seeOther(ctx, ctx.state.urls.path('forgotPassword', null, { sent: 1 }))
  })

  /** The reset page's answer for a link that cannot be used (404 unknown/used, 410 expired). */
  const linkInvalid = (ctx: PageCtx, error: AppError) =>
    sendPage(ctx, 'auth', <ResetLinkInvalidPage message={formError(ctx, error)} />, {
      status: error.status,
    })

  // The token is in the URL: keep it out of Referer headers to other sites (merchant logos are
  // third-party). Not `no-referrer`: browsers then send `Origin: null` with the form, which
  // the CSRF check rightly refuses.
  const resetHeaders = (ctx: PageCtx) => {
    ctx.set('Referrer-Policy', 'same-origin')
    ctx.set('Cache-Control', 'no-store')
  }

  pages.get('resetPassword', 'site.visit', async (ctx) => {
    const site = storeOf(ctx)
    resetHeaders(ctx)
    const token = ctx.params.token ?? ''
    try {
      await checkPasswordReset(db, { token, audience: 'customer', merchantId: site.merchant.id })
    } catch (error) {
      if (!isErrorOf(error, RESET_LINK_ERRORS)) throw error
      return linkInvalid(ctx, error)
    }
    sendPage(ctx, 'auth', <ResetPasswordPage token={token} minLength={PASSWORD_MIN_LENGTH} />)
  })

  pages.post('resetPassword', 'site.visit', async (ctx) => {
    const site = storeOf(ctx)
    resetHeaders(ctx)
    const token = ctx.params.token ?? ''
    const lookup = { token, audience: 'customer', merchantId: site.merchant.id } as const
    const form = (errors: FieldErrors, error: string | null = null, status = 422) =>
      sendPage(
        ctx,
        'auth',
        <ResetPasswordPage
          token={token}
          minLength={PASSWORD_MIN_LENGTH}
          errors={errors}
          error={error}
        />,
        { status },
      )
    try {
      // The link first: no point asking to fix a password for a link that is spent.
      await checkPasswordReset(db, lookup)
    } catch (error) {
      if (!isErrorOf(error, RESET_LINK_ERRORS)) throw error
      return linkInvalid(ctx, error)
    }
    const parsed = ResetPasswordForm.safeParse(formBody(ctx))
    const errors: FieldErrors = parsed.success
      ? {}
      : fieldErrors(ctx, 'reset', fieldsWithIssues(parsed.error))
    // The policy too, so a short password that was also mistyped gets both messages at once.
    const password = String(formBody(ctx).password ?? '')
    const policy = !errors.password && password ? passwordPolicyError(ctx, password) : null
    if (policy) errors.password = policy
    if (!parsed.success || Object.keys(errors).length > 0) return form(errors)
    let session: CreatedSession
    try {
      const reset = await resetPasswordAndSignIn(db, {
        ...lookup,
        password: parsed.data.password,
        ip: ctx.ip,
        settings,
        userAgent: ctx.get('user-agent'),
        previousToken: sessionCookieToken(ctx, 'customer'),
      })
      session = reset.session
    } catch (error) {
      if (isErrorOf(error, RESET_LINK_ERRORS)) return linkInvalid(ctx, error)
      if (isErrorOf(error, ['RATE_LIMITED'] as const))
        return form({}, formError(ctx, error), error.status)
      throw error
    }
    setSessionCookie(ctx, session)
    seeOther(ctx, ctx.state.urls.path('account'))
  })

  return pages.routes
}
