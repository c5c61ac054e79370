import { pageList, type PageRoute } from '../web/pages/page-route.ts'
import { formBody } from '../web/pages/query.ts'
import type { Knex } from 'knex'
import { isLanguage } from '../../shared/languages.ts'
import { fieldsWithIssues } from '../../shared/schemas/storefront.ts'
import type { Config } from '../config.ts'
import { AppError, isAppError } from '../errors.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { translator } from '../i18n/i18n.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { rememberLanguage } from '../web/pages/page-language.ts'
import { staffHome, type StaffSurface } from '../web/pages/staff-layout.tsx'
import { setPreferredLanguage } from '../accounts/commands/set-preferred-language.ts'
import { loginAdmin, loginMerchantUser } from '../accounts/commands/log-in.ts'
import { sessionCookieToken, signIn, signOut } from '../web/sessions/session-middleware.ts'
import { webAuthSettings } from '../accounts/settings.ts'
import { safeNext } from '../web/site/safe-next.ts'
import type { PageName } from '../web/site/pages.ts'
import { StaffLoginForm } from './staff-login-form.ts'
import { StaffLoginPage } from './views/staff-login-page.tsx'

const PAGES_OF = {
  merchant: { login: 'merchantLogin', logout: 'merchantLogout', language: 'merchantLanguage' },
  admin: { login: 'adminLogin', logout: 'adminLogout', language: 'adminLanguage' },
} as const satisfies Record<StaffSurface, { login: PageName; logout: PageName; language: PageName }>

/**
 * Where to go after signing in: `next` when it is a safe page of this surface (a merchant login
 * never lands on an admin page), else the surface's dashboard.
 */
export const staffNext = (ctx: PageCtx, surface: StaffSurface, next: unknown): string => {
  const home = staffHome(ctx.state.urls, surface)
  const safe = safeNext(next, ctx.state.site)
  const ownPath = safe?.split(/[?#]/)[0]
  return safe && (ownPath === home || ownPath?.startsWith(`${home}/`)) ? safe : home
}

const queryNext = (ctx: PageCtx) =>
  typeof ctx.query.next === 'string' && ctx.query.next ? ctx.query.next : undefined

/**
 * The sign-in routes of a staff surface on its router: GET/POST `/<surface>/login`, POST
 * `/<surface>/logout` and POST `/<surface>/language`. Page texts come from the surface's
 * namespace (`login.*`).
 */
export const staffSignInPages = (db: Knex, config: Config, surface: StaffSurface): PageRoute[] => {
  const pages = pageList()
  const settings = webAuthSettings(config)
  const names = PAGES_OF[surface]
  const loginPath = (ctx: PageCtx) => ctx.state.urls.path(names.login)
  const signedIn = (ctx: PageCtx) => ctx.state.session?.audience === surface

  pages.get(names.login, 'site.visit', (ctx) => {
    if (signedIn(ctx)) return seeOther(ctx, staffNext(ctx, surface, queryNext(ctx)))
    sendPage(
      ctx,
      surface,
      <StaffLoginPage
        surface={surface}
        action={loginPath(ctx)}
        next={queryNext(ctx)}
        expired={ctx.state.sessionExpired === true}
      />,
    )
  })

  pages.post(names.login, 'site.visit', async (ctx) => {
    const form = formBody(ctx)
    const page = (status: number, answer: { error?: string; errors?: Record<string, string> }) =>
      sendPage(
        ctx,
        surface,
        <StaffLoginPage
          surface={surface}
          action={loginPath(ctx)}
          next={form.next || undefined}
          email={form.email}
          {...answer}
        />,
        { status },
      )
    const parsed = StaffLoginForm.safeParse(form)
    if (!parsed.success) {
      const t = translator(ctx.state.language, surface)
      const errors = Object.fromEntries(
        fieldsWithIssues(parsed.error)
          .filter((field) => field === 'email' || field === 'password')
          .map((field) => [field, t(`login.errors.${field}`)]),
      )
      return page(422, { errors })
    }
    const props = {
      email: parsed.data.email,
      password: parsed.data.password,
      ip: ctx.ip,
      userAgent: ctx.get('user-agent'),
      previousToken: sessionCookieToken(ctx, surface),
      settings,
    }
    try {
      if (surface === 'merchant') signIn(ctx, await loginMerchantUser(db, props))
      else signIn(ctx, await loginAdmin(db, props))
    } catch (error) {
      if (!isAppError(error)) throw error
      const shown = ['INVALID_CREDENTIALS', 'RATE_LIMITED', 'MERCHANT_SUSPENDED']
      if (!shown.includes(error.code)) throw error
      const details = error.details as Record<string, unknown>
      if (typeof details.retry_after_seconds === 'number')
        ctx.set('Retry-After', String(details.retry_after_seconds))
      return page(error.status, { error: errorMessage(error.code, details, ctx.state.language) })
    }
    seeOther(ctx, staffNext(ctx, surface, parsed.data.next))
  })

  pages.post(names.logout, 'site.visit', async (ctx) => {
    await signOut(db, ctx, surface)
    seeOther(ctx, loginPath(ctx))
  })

  pages.post(names.language, 'site.visit', async (ctx) => {
    const form = formBody(ctx)
    if (!isLanguage(form.language))
      throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'language', code: 'invalid' }] })
    rememberLanguage(ctx, form.language)
    // The staff member's own language too: emails to them follow it.
    const user = ctx.state.merchantUser
    const admin = ctx.state.admin
    const account =
      surface === 'merchant'
        ? user && { audience: 'merchant' as const, id: user.id, merchantId: user.merchantId }
        : admin && { audience: 'admin' as const, id: admin.id }
    if (signedIn(ctx) && account) await setPreferredLanguage(db, account, form.language)
    seeOther(ctx, staffNext(ctx, surface, form.next))
  })
  return pages.routes
}
