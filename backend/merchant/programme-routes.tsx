import { actingOn, merchantScope } from '../policies/scope.ts'
import type { Knex } from 'knex'
import { translator } from '../i18n/i18n.ts'
import { activateProgramme, pauseProgramme } from '../loyalty/commands/set-programme-status.ts'
import { updateProgramme } from '../loyalty/commands/update-programme.ts'
import { createReward } from '../loyalty/commands/create-reward.ts'
import { deleteReward } from '../loyalty/commands/delete-reward.ts'
import { moveReward } from '../loyalty/commands/move-reward.ts'
import { updateReward } from '../loyalty/commands/update-reward.ts'
import { can } from '../policies/policies.ts'
import { formError, invalidFieldErrors, isErrorOf } from '../web/pages/form-errors.ts'
import { pageList } from '../web/pages/page-route.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { formBody, queryText } from '../web/pages/query.ts'
import {
  messageKeyOf,
  parseNewRewardForm,
  parseRewardAction,
  parseStatusForm,
  parseProgrammeForm,
  parseRewardForm,
  PROGRAMME_FORM_FIELDS,
} from './programme-form.ts'
import type { FormValues } from '../web/pages/query.ts'
import { loadProgrammePage } from './queries/programme.ts'
import { MerchantProgrammePage, type ProgrammePageProps } from './views/programme-page.tsx'
import { ProgrammeStatusConfirmPage } from './views/programme-status-page.tsx'

const NOTICES = ['saved', 'activated', 'paused', 'reward_saved', 'reward_deleted'] as const
type Notice = (typeof NOTICES)[number]

/** The errors a form shows beside the fields (the rest go to the error page). */
const FORM_ERRORS = [
  'VALIDATION_FAILED',
  'EDIT_CONFLICT',
  'PROGRAMME_HAS_MEMBERS',
  'PROGRAMME_TERMS_REQUIRED',
  'REWARD_IN_USE',
  'CONFLICT',
] as const

const acting = (ctx: PageCtx) => actingOn(ctx.state.principal!)

/**
 * The Programme page (/merchant/programme): settings, terms per language with a join preview,
 * status (activate, pause, with a confirmation), and the rewards catalogue (add, edit, reorder,
 * delete unused ones). Every form carries the version it shows; a refused one is shown again
 * with what was typed and a message per field in the page's language.
 */
export const programmePages = (db: Knex) => {
  const pages = pageList()
  const page = async (
    ctx: PageCtx,
    extra: Partial<Pick<ProgrammePageProps, 'programmeForm' | 'statusError' | 'rewardForm'>> & {
      notice?: Notice | null
      status?: number
    } = {},
  ) => {
    const data = await loadProgrammePage(db, merchantScope(ctx.state.principal!))
    sendPage(
      ctx,
      'merchant',
      <MerchantProgrammePage
        {...data}
        user={ctx.state.merchantUser!}
        editable={can(ctx.state.principal!, 'programme.update', {
          merchantId: data.programme ? merchantScope(ctx.state.principal!).merchantId : '',
        })}
        notice={extra.notice ?? null}
        programmeForm={extra.programmeForm}
        statusError={extra.statusError}
        rewardForm={extra.rewardForm}
      />,
      { status: extra.status ?? 200 },
    )
  }
  /**
   * A refused form, shown again: what was typed, each field's message (VALIDATION_FAILED, from
   * the form's parser or the command alike) and one for the form, with the error's status.
   */
  const refused = (ctx: PageCtx, error: unknown, values: FormValues) => {
    if (!isErrorOf(error, FORM_ERRORS)) throw error
    const t = translator(ctx.state.language, 'merchant')
    const invalid = isErrorOf(error, ['VALIDATION_FAILED'] as const)
    const errors = invalid
      ? invalidFieldErrors(error, PROGRAMME_FORM_FIELDS, (field) =>
          t(`programme.errors.${messageKeyOf(field)}`),
        )
      : {}
    const message = invalid ? t('programme.errors.summary') : formError(ctx, error)
    return { state: { values, errors, message }, status: error.status }
  }

  pages.get('merchantProgramme', 'programme.read', (ctx) => {
    const notice = NOTICES.find((n) => n === ctx.query.done) ?? null
    return page(ctx, { notice })
  })

  pages.post('merchantProgramme', 'programme.update', async (ctx) => {
    const values = formBody(ctx)
    try {
      await updateProgramme(db, { ...acting(ctx), patch: parseProgrammeForm(values) })
    } catch (error) {
      const { state, status } = refused(ctx, error, values)
      return page(ctx, { programmeForm: state, status })
    }
    seeOther(ctx, ctx.state.urls.path('merchantProgramme', null, { done: 'saved' }))
  })

  // The status button's confirmation step: what activating or pausing does, Confirm or Cancel.
  pages.get('merchantProgrammeStatus', 'programme.update', async (ctx) => {
    const { status, version } = parseStatusForm({
      status: queryText(ctx, 'status'),
      version: queryText(ctx, 'version'),
    })
    const data = await loadProgrammePage(db, merchantScope(ctx.state.principal!))
    sendPage(
      ctx,
      'merchant',
      <ProgrammeStatusConfirmPage
        merchantName={data.merchantName}
        storeNames={data.storeNames}
        user={ctx.state.merchantUser!}
        programme={data.programme}
        status={status}
        version={version}
      />,
    )
  })

  pages.post('merchantProgrammeStatus', 'programme.update', async (ctx) => {
    const form = formBody(ctx)
    const { status: wanted, version } = parseStatusForm(form)
    const activate = wanted === 'activate'
    try {
      await (activate ? activateProgramme : pauseProgramme)(db, { ...acting(ctx), version })
    } catch (error) {
      const { state, status } = refused(ctx, error, form)
      return page(ctx, { statusError: state.message, status })
    }
    seeOther(
      ctx,
      ctx.state.urls.path('merchantProgramme', null, { done: activate ? 'activated' : 'paused' }),
    )
  })

  pages.post('merchantRewards', 'programme.update', async (ctx) => {
    const values = formBody(ctx)
    try {
      await createReward(db, { ...acting(ctx), reward: parseNewRewardForm(values) })
    } catch (error) {
      const { state, status } = refused(ctx, error, values)
      return page(ctx, { rewardForm: { ...state, rewardId: null }, status })
    }
    seeOther(ctx, ctx.state.urls.path('merchantProgramme', null, { done: 'reward_saved' }))
  })

  pages.post('merchantReward', 'programme.update', async (ctx) => {
    const values = formBody(ctx)
    const rewardId = String(ctx.params.id)
    const { do: action, version } = parseRewardAction(values)
    try {
      if (action === 'delete') {
        await deleteReward(db, { ...acting(ctx), rewardId, version })
        return seeOther(
          ctx,
          ctx.state.urls.path('merchantProgramme', null, { done: 'reward_deleted' }),
        )
      }
      if (action === 'up' || action === 'down') {
        await moveReward(db, { ...acting(ctx), rewardId, version, direction: action })
      } else {
        await updateReward(db, { ...acting(ctx), rewardId, patch: parseRewardForm(values) })
      }
    } catch (error) {
      const { state, status } = refused(ctx, error, values)
      return page(ctx, { rewardForm: { ...state, rewardId }, status })
    }
    seeOther(ctx, ctx.state.urls.path('merchantProgramme', null, { done: 'reward_saved' }))
  })
  return pages.routes
}
