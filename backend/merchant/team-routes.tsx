import type { Knex } from 'knex'
import { isLanguage } from '../../shared/languages.ts'
import type { Config } from '../config.ts'
import { translator } from '../i18n/i18n.ts'
import { merchantScope } from '../policies/scope.ts'
import { formError, invalidFieldErrors, isErrorOf } from '../web/pages/form-errors.ts'
import { pageList } from '../web/pages/page-route.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { canonicalPlatformUrls } from '../web/site/urls.ts'
import type { AppError } from '../errors.ts'
import { inviteMerchantUser } from '../accounts/commands/invite-merchant-user.ts'
import { changeTeamMember, formList, removeTeamMember } from '../accounts/commands/manage-team.ts'
import { loadTeamPage } from './queries/team.ts'
import type { InviteFormState } from './views/invite-card.tsx'
import {
  MerchantTeamPage,
  TEAM_DONE,
  type MemberFormState,
  type TeamDone,
} from './views/team-page.tsx'

type Form = Record<string, string | string[] | undefined>

const text = (value: string | string[] | undefined) => (typeof value === 'string' ? value : '')

/** Refusals of a whole change, shown above the list: a stale page, the last owner, gone. */
const REFUSALS = ['EDIT_CONFLICT', 'LAST_OWNER', 'NOT_FOUND', 'FORBIDDEN'] as const

/**
 * The team page on the merchant router (owners only; docs/architecture.md, Team and API keys):
 * GET /merchant/team lists the back-office users with the invitation form; POST
 * /merchant/invitations invites; POST /merchant/team/member changes a user's role and stores;
 * POST /merchant/team/remove removes them (the user's id and the version shown in hidden
 * fields). A refused form comes back with what was chosen and why, in the page's language.
 */
export const teamPages = (db: Knex, config: Config) => {
  const pages = pageList()
  const platformUrls = canonicalPlatformUrls(config)

  const page = async (
    ctx: PageCtx,
    extra: {
      invite?: InviteFormState
      edit?: MemberFormState
      error?: string
      status?: number
    } = {},
  ) => {
    const data = await loadTeamPage(db, merchantScope(ctx.state.principal!))
    const done = TEAM_DONE.find((d) => d === ctx.query.done) as TeamDone | undefined
    sendPage(
      ctx,
      'merchant',
      <MerchantTeamPage
        {...data}
        user={ctx.state.merchantUser!}
        invite={extra.invite}
        edit={extra.edit}
        editing={typeof ctx.query.edit === 'string' ? ctx.query.edit : undefined}
        error={extra.error}
        done={extra.status ? undefined : done}
      />,
      { status: extra.status ?? 200 },
    )
  }
  const done = (ctx: PageCtx, what: TeamDone, anchor = '') =>
    seeOther(ctx, `${ctx.state.urls.path('merchantTeam', null, { done: what })}${anchor}`)

  /** The page again after a refused change or removal (other errors are the error page's). */
  const refused = async (ctx: PageCtx, error: unknown, edit?: MemberFormState) => {
    if (isErrorOf(error, ['VALIDATION_FAILED'] as const) && edit) {
      const t = translator(ctx.state.language, 'merchant')
      const errors = invalidFieldErrors(
        error as AppError<'VALIDATION_FAILED'>,
        ['role', 'stores'] as const,
        (field) => t(`team.errors.${field}`),
      )
      // A tampered hidden field (the version) has no field to show: the whole form is refused.
      if (Object.keys(errors).length === 0) throw error
      return page(ctx, { edit: { ...edit, errors }, status: 422 })
    }
    if (!isErrorOf(error, REFUSALS)) throw error
    return page(ctx, { edit, error: formError(ctx, error), status: error.status })
  }

  pages.get('merchantTeam', 'team.read', (ctx) => page(ctx))

  pages.post('merchantInvitations', 'team.invite', async (ctx) => {
    const user = ctx.state.merchantUser!
    const form = ctx.request.body as Form
    const state: InviteFormState = {
      email: text(form.email),
      name: text(form.name),
      language: text(form.language),
      role: text(form.role),
      stores: formList(form.stores),
    }
    const t = translator(ctx.state.language, 'merchant')
    try {
      await inviteMerchantUser(db, {
        merchantId: user.merchantId,
        inviter: { id: user.id, name: user.name, role: user.role },
        email: state.email!,
        name: state.name!,
        language: isLanguage(state.language) ? state.language : ctx.state.language,
        role: state.role || 'manager',
        stores: state.stores,
        acceptUrl: (token) => platformUrls.absolute('merchantInvitation', { token }),
      })
    } catch (error) {
      if (isErrorOf(error, ['VALIDATION_FAILED'] as const)) {
        const errors = invalidFieldErrors(error, ['name', 'email'], (field) =>
          t(`invitation.errors.${field}`),
        )
        Object.assign(
          errors,
          invalidFieldErrors(error, ['role', 'stores'], (field) => t(`team.errors.${field}`)),
        )
        return page(ctx, { invite: { ...state, errors }, status: 422 })
      }
      if (isErrorOf(error, ['CONFLICT'] as const))
        return page(ctx, { invite: { ...state, error: t('invitation.errors.taken') }, status: 409 })
      throw error
    }
    done(ctx, 'invited', '#invite')
  })

  pages.post('merchantTeamMember', 'team.update', async (ctx) => {
    const form = ctx.request.body as Form
    const edit: MemberFormState = {
      memberId: text(form.member),
      role: text(form.role),
      storeIds: formList(form.stores),
    }
    try {
      await changeTeamMember(db, {
        principal: ctx.state.principal!,
        memberId: edit.memberId,
        version: form.version,
        role: form.role,
        stores: form.stores,
      })
    } catch (error) {
      return refused(ctx, error, edit)
    }
    done(ctx, 'changed')
  })

  pages.post('merchantTeamRemove', 'team.remove', async (ctx) => {
    const form = ctx.request.body as Form
    try {
      await removeTeamMember(db, {
        principal: ctx.state.principal!,
        memberId: text(form.member),
        version: form.version,
      })
    } catch (error) {
      return refused(ctx, error)
    }
    done(ctx, 'removed')
  })
  return pages.routes
}
