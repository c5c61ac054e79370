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
import {
  loginAdmin,
  loginMerchantUser,
  needsSecondStep,
  type SecondStepNeeded,
} from '../accounts/commands/log-in.ts'
import {
  defaultCookiePath,
  sessionCookieToken,
  signIn,
  signOut,
} from '../web/sessions/session-middleware.ts'
import {
  CHALLENGE_SECONDS,
  findSignInChallenge,
  finishSignIn,
  type SignInChallenge,
} from '../accounts/sign-in-challenges.ts'
import {
  beginTotpEnrolment,
  confirmTotpEnrolment,
  verifySecondFactor,
} from '../accounts/commands/second-factor.ts'
import { secondFactorKey } from '../accounts/second-factor.ts'
import { loadAccount } from '../accounts/queries/load-account.ts'
import { formError, isErrorOf } from '../web/pages/form-errors.ts'
import { qrSvg } from '../web/pages/qr-svg.ts'
import {
  RecoveryCodesPage,
  SecondFactorCodePage,
  SecondFactorEnrolPage,
} from './views/second-step-pages.tsx'
import { webAuthSettings } from '../accounts/settings.ts'
import { safeNext } from '../web/site/safe-next.ts'
import type { PageName } from '../web/site/pages.ts'
import { StaffLoginForm } from './staff-login-form.ts'
import { StaffLoginPage } from './views/staff-login-page.tsx'

const PAGES_OF = {
  merchant: {
    login: 'merchantLogin',
    logout: 'merchantLogout',
    language: 'merchantLanguage',
    code: 'merchantLoginCode',
    enrol: null,
  },
  admin: {
    login: 'adminLogin',
    logout: 'adminLogout',
    language: 'adminLanguage',
    code: 'adminLoginCode',
    enrol: 'adminLoginEnrol',
  },
} as const satisfies Record<
  StaffSurface,
  { login: PageName; logout: PageName; language: PageName; code: PageName; enrol: PageName | null }
>

/** The cookie of a sign-in's second step (a challenge token), one per surface, ten minutes. */
const CHALLENGE_COOKIES = {
  merchant: 'rf_merchant_challenge',
  admin: 'rf_admin_challenge',
} as const

const challengeCookie = (ctx: PageCtx, surface: StaffSurface, token: string | null) =>
  ctx.cookies.set(CHALLENGE_COOKIES[surface], token, {
    httpOnly: true,
    signed: false,
    sameSite: 'lax',
    secure: ctx.secure,
    path: defaultCookiePath(ctx, surface),
    overwrite: true,
    ...(token ? { maxAge: CHALLENGE_SECONDS * 1000 } : {}),
  })

/**
 * After a right password that still owes a second factor: the challenge's cookie, and on to the
 * code page (or, for an admin without one, enrolment), carrying `next`.
 */
export const toSecondStep = (
  ctx: PageCtx,
  surface: StaffSurface,
  step: SecondStepNeeded,
  next: string | undefined,
) => {
  challengeCookie(ctx, surface, step.challengeToken)
  const names = PAGES_OF[surface]
  const page = step.secondFactor === 'enrol' && names.enrol ? names.enrol : names.code
  seeOther(ctx, ctx.state.urls.path(page, null, next ? { next } : undefined))
}

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
  const secretKey = secondFactorKey(config)
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
      const result =
        surface === 'merchant' ? await loginMerchantUser(db, props) : await loginAdmin(db, props)
      if (needsSecondStep(result)) return toSecondStep(ctx, surface, result, parsed.data.next)
      signIn(ctx, result)
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

  /** The challenge behind this browser's cookie, or null (then the login page again). */
  const challengeOf = (ctx: PageCtx) =>
    findSignInChallenge(db, {
      token: ctx.cookies.get(CHALLENGE_COOKIES[surface], { signed: false }) || undefined,
      audience: surface,
    })
  const backToLogin = (ctx: PageCtx) => {
    challengeCookie(ctx, surface, null)
    seeOther(ctx, loginPath(ctx))
  }
  const codePath = (ctx: PageCtx) => ctx.state.urls.path(names.code)
  /** The second step is done: the session starts, the challenge is spent. */
  const finish = async (ctx: PageCtx, challenge: SignInChallenge) => {
    const done = await finishSignIn(db, {
      challenge: challenge as SignInChallenge & { account: { audience: typeof surface } },
      ip: ctx.ip,
      userAgent: ctx.get('user-agent'),
      previousToken: sessionCookieToken(ctx, surface),
      settings,
    })
    challengeCookie(ctx, surface, null)
    signIn(ctx, done)
  }
  const refusal = (ctx: PageCtx, error: unknown) => {
    if (!isErrorOf(error, ['SECOND_FACTOR_INVALID', 'RATE_LIMITED'] as const)) throw error
    return { status: error.status, message: formError(ctx, error) }
  }

  pages.get(names.code, 'site.visit', async (ctx) => {
    ctx.set('Cache-Control', 'no-store')
    const challenge = await challengeOf(ctx)
    if (!challenge) return backToLogin(ctx)
    if (challenge.step === 'enrol' && names.enrol)
      return seeOther(ctx, ctx.state.urls.path(names.enrol, null, { next: queryNext(ctx) }))
    sendPage(
      ctx,
      surface,
      <SecondFactorCodePage surface={surface} action={codePath(ctx)} next={queryNext(ctx)} />,
    )
  })

  pages.post(names.code, 'site.visit', async (ctx) => {
    ctx.set('Cache-Control', 'no-store')
    const form = formBody(ctx)
    const challenge = await challengeOf(ctx)
    if (!challenge || challenge.step !== 'verify') return backToLogin(ctx)
    try {
      await verifySecondFactor(db, {
        account: challenge.account,
        code: form.code ?? '',
        key: secretKey,
        settings,
      })
    } catch (error) {
      const { status, message } = refusal(ctx, error)
      return sendPage(
        ctx,
        surface,
        <SecondFactorCodePage
          surface={surface}
          action={codePath(ctx)}
          next={form.next || undefined}
          error={message}
        />,
        { status },
      )
    }
    await finish(ctx, challenge)
    seeOther(ctx, staffNext(ctx, surface, form.next))
  })

  const enrolName = names.enrol
  if (enrolName) {
    const enrolPage = async (
      ctx: PageCtx,
      challenge: SignInChallenge,
      next: string | undefined,
      error?: { status: number; message: string },
    ) => {
      const account = await loadAccount(db, challenge.account)
      if (!account) return backToLogin(ctx)
      const enrolment = await beginTotpEnrolment(db, {
        account: challenge.account,
        email: account.email,
        key: secretKey,
      })
      sendPage(
        ctx,
        surface,
        <SecondFactorEnrolPage
          surface={surface}
          action={ctx.state.urls.path(enrolName)}
          next={next}
          qrSvg={await qrSvg(enrolment.otpauthUrl)}
          secret={enrolment.secret}
          error={error?.message}
        />,
        error ? { status: error.status } : {},
      )
    }

    pages.get(enrolName, 'site.visit', async (ctx) => {
      ctx.set('Cache-Control', 'no-store')
      const challenge = await challengeOf(ctx)
      if (!challenge) return backToLogin(ctx)
      if (challenge.step === 'verify')
        return seeOther(ctx, ctx.state.urls.path(names.code, null, { next: queryNext(ctx) }))
      await enrolPage(ctx, challenge, queryNext(ctx))
    })

    pages.post(enrolName, 'site.visit', async (ctx) => {
      ctx.set('Cache-Control', 'no-store')
      const form = formBody(ctx)
      const challenge = await challengeOf(ctx)
      if (!challenge || challenge.step !== 'enrol') return backToLogin(ctx)
      let codes: string[]
      try {
        codes = (
          await confirmTotpEnrolment(db, {
            account: challenge.account,
            code: form.code ?? '',
            key: secretKey,
            settings,
          })
        ).recoveryCodes
      } catch (error) {
        return enrolPage(ctx, challenge, form.next || undefined, refusal(ctx, error))
      }
      await finish(ctx, challenge)
      sendPage(
        ctx,
        surface,
        <RecoveryCodesPage
          surface={surface}
          codes={codes}
          continueHref={staffNext(ctx, surface, form.next)}
        />,
      )
    })
  }

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
