import { pageList } from '../web/pages/page-route.ts'
import { formBody } from '../web/pages/query.ts'
import type { Knex } from 'knex'
import type { Config } from '../config.ts'
import { translator } from '../i18n/i18n.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import type { FieldErrors } from '../web/pages/form.tsx'
import { PASSWORD_MIN_LENGTH } from '../accounts/passwords.ts'
import { formError, isErrorOf, passwordPolicyError } from '../web/pages/form-errors.ts'
import { sessionCookieToken, signIn } from '../web/sessions/session-middleware.ts'
import { webAuthSettings } from '../accounts/settings.ts'
import { acceptInvitation } from '../accounts/commands/accept-invitation.ts'
import {
  findOpenInvitation,
  type OpenInvitation,
} from '../accounts/queries/find-open-invitation.ts'
import { AcceptInvitationPage, InvitationRefusedPage } from './views/invitation-page.tsx'

const LINK_ERRORS = ['INVITATION_INVALID', 'INVITATION_EXPIRED'] as const

// The token is in the URL: kept out of Referer headers to other sites and out of caches (as
// the password reset page does; `same-origin`, so the form's own POST keeps its Origin).
const tokenHeaders = (ctx: PageCtx) => {
  ctx.set('Referrer-Policy', 'same-origin')
  ctx.set('Cache-Control', 'no-store')
}

/**
 * The invitee's side of a staff invitation (the owner's form is on the team page,
 * team-routes.tsx): GET/POST /merchant/invitation/:token, where they choose a password and are
 * signed in.
 */
export const invitationPages = (db: Knex, config: Config) => {
  const pages = pageList()
  const settings = webAuthSettings(config)

  /** Whether `error` says the link cannot be used; if so, the localized refusal is sent. */
  const refused = (ctx: PageCtx, error: unknown) => {
    if (!isErrorOf(error, LINK_ERRORS)) return false
    sendPage(ctx, 'merchant', <InvitationRefusedPage message={formError(ctx, error)} />, {
      status: error.status,
    })
    return true
  }

  /** The set-a-password page of an open invitation, with the form's errors if any. */
  const acceptPage = (
    ctx: PageCtx,
    token: string,
    invitation: OpenInvitation,
    form: { errors?: FieldErrors; error?: string | null; status?: number } = {},
  ) =>
    sendPage(
      ctx,
      'merchant',
      <AcceptInvitationPage
        token={token}
        name={invitation.name}
        email={invitation.email}
        merchantName={invitation.merchantName}
        minLength={PASSWORD_MIN_LENGTH}
        errors={form.errors ?? {}}
        error={form.error ?? null}
      />,
      form.status ? { status: form.status } : {},
    )

  pages.get('merchantInvitation', 'invitation.accept', async (ctx) => {
    tokenHeaders(ctx)
    const token = ctx.params.token ?? ''
    try {
      acceptPage(ctx, token, await findOpenInvitation(db, token))
    } catch (error) {
      if (refused(ctx, error)) return
      throw error
    }
  })

  pages.post('merchantInvitation', 'invitation.accept', async (ctx) => {
    tokenHeaders(ctx)
    const token = ctx.params.token ?? ''
    const t = translator(ctx.state.language, 'merchant')
    let invitation
    try {
      // The link first: no point asking to fix a password for a link that is spent.
      invitation = await findOpenInvitation(db, token)
    } catch (error) {
      if (refused(ctx, error)) return
      throw error
    }
    const form = formBody(ctx)
    const password = form.password ?? ''
    const errors: FieldErrors = {}
    const policy = password ? passwordPolicyError(ctx, password) : null
    if (!password) errors.password = t('invitation.errors.password')
    else if (policy) errors.password = policy
    if (!errors.password && form.password_confirm !== password)
      errors.password_confirm = t('invitation.errors.password_confirm')
    const page = (status: number, error: string | null = null) =>
      acceptPage(ctx, token, invitation, { errors, error, status })
    if (Object.keys(errors).length > 0) return page(422)
    try {
      signIn(
        ctx,
        await acceptInvitation(db, {
          invitation,
          password,
          ip: ctx.ip,
          userAgent: ctx.get('user-agent'),
          previousToken: sessionCookieToken(ctx, 'merchant'),
          settings,
        }),
      )
    } catch (error) {
      if (refused(ctx, error)) return
      if (isErrorOf(error, ['RATE_LIMITED'] as const))
        return page(error.status, formError(ctx, error))
      throw error
    }
    seeOther(ctx, ctx.state.urls.path('merchantDashboard'))
  })
  return pages.routes
}
