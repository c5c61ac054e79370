import { pageList, type PageRoute } from '../web/pages/page-route.ts'
import { formBody } from '../web/pages/query.ts'
import type { Knex } from 'knex'
import { z } from 'zod'
import { LANGUAGES } from '../../shared/languages.ts'
import type { Config } from '../config.ts'
import { translator } from '../i18n/i18n.ts'
import { authorize } from '../policies/policies.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import type { FieldErrors } from '../web/pages/form.tsx'
import { formError, isErrorOf, passwordPolicyError } from '../web/pages/form-errors.ts'
import { canonicalPlatformUrls } from '../web/site/urls.ts'
import { webAuthSettings } from '../accounts/settings.ts'
import { PASSWORD_MIN_LENGTH } from '../accounts/passwords.ts'
import { findResetToken } from '../accounts/password-reset-tokens.ts'
import { resetPassword } from '../accounts/commands/reset-password.ts'
import { createSignInChallenge } from '../accounts/sign-in-challenges.ts'
import { loadSecondFactorState } from '../accounts/second-factor.ts'
import { deactivatePlatformAdmin, invitePlatformAdmin } from '../accounts/commands/manage-admins.ts'
import { listPlatformAdmins } from '../accounts/queries/list-platform-admins.ts'
import { toSecondStep } from '../platform/staff-sign-in.tsx'
import { AdminsPage, type AdminInviteState } from './views/admins-page.tsx'
import { AdminLinkRefusedPage, AdminSetPasswordPage } from './views/admin-invitation-page.tsx'

const InviteAdminForm = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200),
  language: z.enum(LANGUAGES),
})

const LINK_ERRORS = ['PASSWORD_RESET_INVALID', 'PASSWORD_RESET_EXPIRED'] as const

/**
 * The platform's admins (`/admin/admins`: list, invite, deactivate) and a new admin's
 * set-a-password link (`/admin/invitation/:token`, from an invitation email or `npm run
 * admin:create`), which leads on to the second factor's enrolment.
 */
export const adminAccountPages = (db: Knex, config: Config): PageRoute[] => {
  const pages = pageList()
  const settings = webAuthSettings(config)
  const platformUrls = canonicalPlatformUrls(config)

  const adminsPage = async (
    ctx: PageCtx,
    extra: { invite?: AdminInviteState; error?: string | null; status?: number } = {},
  ) =>
    sendPage(
      ctx,
      'admin',
      <AdminsPage
        admin={ctx.state.admin!}
        admins={await listPlatformAdmins(db)}
        invite={extra.invite}
        error={extra.error}
        done={
          ctx.query.done === 'invited' || ctx.query.done === 'deactivated'
            ? ctx.query.done
            : undefined
        }
      />,
      extra.status ? { status: extra.status } : {},
    )

  pages.get('adminAdmins', 'admin.read', (ctx) => adminsPage(ctx))

  pages.post('adminAdmins', 'admin.invite', async (ctx) => {
    const form = formBody(ctx)
    const t = translator(ctx.state.language, 'admin')
    const typed = { email: form.email, name: form.name, language: form.language }
    const parsed = InviteAdminForm.safeParse({ ...typed, email: form.email?.trim() })
    if (!parsed.success) {
      const errors: FieldErrors = {}
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0])
        if (field === 'email' || field === 'name' || field === 'language')
          errors[field] = t(`admins.errors.${field}`)
      }
      return adminsPage(ctx, { invite: { ...typed, errors }, status: 422 })
    }
    const admin = ctx.state.admin!
    try {
      await invitePlatformAdmin(db, {
        ...parsed.data,
        invitedBy: { id: admin.id, name: admin.name },
        linkUrl: (token) => platformUrls.absolute('adminInvitation', { token }),
      })
    } catch (error) {
      if (!isErrorOf(error, ['CONFLICT'] as const)) throw error
      return adminsPage(ctx, {
        invite: { ...typed, errors: { email: t('admins.errors.email_taken') } },
        status: 409,
      })
    }
    seeOther(ctx, ctx.state.urls.path('adminAdmins', null, { done: 'invited' }))
  })

  pages.post('adminAdminDeactivate', 'admin.deactivate', async (ctx) => {
    const form = formBody(ctx)
    const principal = ctx.state.principal!
    authorize(principal, 'admin.deactivate')
    try {
      await deactivatePlatformAdmin(db, {
        actorId: ctx.state.admin!.id,
        adminId: z.uuid().safeParse(form.admin).data ?? '00000000-0000-0000-0000-000000000000',
      })
    } catch (error) {
      if (!isErrorOf(error, ['LAST_ADMIN', 'NOT_FOUND'] as const)) throw error
      return adminsPage(ctx, { error: formError(ctx, error), status: error.status })
    }
    seeOther(ctx, ctx.state.urls.path('adminAdmins', null, { done: 'deactivated' }))
  })

  // The token is in the URL: no Referer to other sites, no cache (as the reset pages).
  const tokenHeaders = (ctx: PageCtx) => {
    ctx.set('Referrer-Policy', 'same-origin')
    ctx.set('Cache-Control', 'no-store')
  }
  const refused = (ctx: PageCtx, error: unknown) => {
    if (!isErrorOf(error, LINK_ERRORS)) return false
    sendPage(ctx, 'admin', <AdminLinkRefusedPage message={formError(ctx, error)} />, {
      status: error.status,
    })
    return true
  }

  pages.get('adminInvitation', 'invitation.accept', async (ctx) => {
    tokenHeaders(ctx)
    const token = ctx.params.token ?? ''
    try {
      await findResetToken(db, { token, audience: 'admin' })
    } catch (error) {
      if (refused(ctx, error)) return
      throw error
    }
    sendPage(ctx, 'admin', <AdminSetPasswordPage token={token} minLength={PASSWORD_MIN_LENGTH} />)
  })

  pages.post('adminInvitation', 'invitation.accept', async (ctx) => {
    tokenHeaders(ctx)
    const token = ctx.params.token ?? ''
    const t = translator(ctx.state.language, 'admin')
    try {
      await findResetToken(db, { token, audience: 'admin' })
    } catch (error) {
      if (refused(ctx, error)) return
      throw error
    }
    const form = formBody(ctx)
    const password = form.password ?? ''
    const errors: FieldErrors = {}
    const policy = password ? passwordPolicyError(ctx, password) : null
    if (!password) errors.password = t('admin_invitation.errors.password')
    else if (policy) errors.password = policy
    if (!errors.password && form.password_confirm !== password)
      errors.password_confirm = t('admin_invitation.errors.password_confirm')
    const page = (status: number, error: string | null = null) =>
      sendPage(
        ctx,
        'admin',
        <AdminSetPasswordPage
          token={token}
          minLength={PASSWORD_MIN_LENGTH}
          errors={errors}
          error={error}
        />,
        { status },
      )
    if (Object.keys(errors).length > 0) return page(422)
    let account
    try {
      ;({ account } = await resetPassword(db, {
        token,
        audience: 'admin',
        password,
        ip: ctx.ip,
        settings,
      }))
    } catch (error) {
      if (refused(ctx, error)) return
      if (isErrorOf(error, ['RATE_LIMITED'] as const))
        return page(error.status, formError(ctx, error))
      throw error
    }
    if (account.audience !== 'admin') throw new Error('an admin link names an admin')
    // The password is set: on to the second factor (enrolment for a new admin), as after a login.
    const enrolled = (await loadSecondFactorState(db, account)).enabled
    const challengeToken = await createSignInChallenge(db, { account, ip: ctx.ip })
    toSecondStep(
      ctx,
      'admin',
      { secondFactor: enrolled ? 'verify' : 'enrol', challengeToken },
      undefined,
    )
  })

  return pages.routes
}
