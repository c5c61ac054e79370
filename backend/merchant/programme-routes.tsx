import type { Knex } from 'knex'
import { translator } from '../i18n/i18n.ts'
import { activateProgramme, pauseProgramme } from '../loyalty/commands/set-programme-status.ts'
import { updateProgramme } from '../loyalty/commands/update-programme.ts'
import { createReward } from '../loyalty/commands/create-reward.ts'
import { deleteReward } from '../loyalty/commands/delete-reward.ts'
import { moveReward } from '../loyalty/commands/move-reward.ts'
import { updateReward } from '../loyalty/commands/update-reward.ts'
import { can } from '../policies/policies.ts'
import { recordedActor } from '../policies/principal.ts'
import { merchantScope } from '../policies/scope.ts'
import { formError, isErrorOf } from '../web/pages/form-errors.ts'
import { pageList } from '../web/pages/page-route.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { formBody } from '../web/pages/query.ts'
import {
  parseNewRewardForm,
  parseRewardAction,
  parseStatusForm,
  parseProgrammeForm,
  parseRewardForm,
  type FormValues,
} from './programme-form.ts'
import { loadProgrammePage } from './queries/programme.ts'
import { MerchantProgrammePage, type ProgrammePageProps } from './views/programme-page.tsx'

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

/** The message key of a form field: every language's name or terms share one. */
const FIELD_KEYS = [
  'type',
  'terms_url',
  'points_per_currency_unit',
  'stamps_required',
  'welcome_bonus',
  'cooldown_minutes',
  'daily_cap',
  'expiry_months',
  'max_offline_minutes_for_redemptions',
  'max_offline_redemption_points',
  'cost',
] as const
const errorKeyOf = (field: string) =>
  field === 'name'
    ? 'reward_name'
    : field.startsWith('name_')
      ? 'name'
      : field.startsWith('terms_') && field !== 'terms_url'
        ? 'terms'
        : (FIELD_KEYS.find((key) => key === field) ?? 'invalid')

const acting = (ctx: PageCtx) => ({
  merchantId: merchantScope(ctx.state.principal!).merchantId,
  actor: recordedActor(ctx.state.principal!),
})

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
  const fieldMessages = (ctx: PageCtx, fields: string[]) => {
    const t = translator(ctx.state.language, 'merchant')
    return Object.fromEntries(
      fields.map((field) => [field, t(`programme.errors.${errorKeyOf(field)}`)]),
    )
  }
  const refused = (ctx: PageCtx, error: unknown, values: FormValues) => {
    if (!isErrorOf(error, FORM_ERRORS)) throw error
    const fields =
      error.code === 'VALIDATION_FAILED'
        ? (error.details as { fields: { path: string }[] }).fields.map((f) => f.path)
        : []
    return {
      state: { values, errors: fieldMessages(ctx, fields), message: formError(ctx, error) },
      status: error.status,
    }
  }

  pages.get('merchantProgramme', 'programme.read', (ctx) => {
    const notice = NOTICES.find((n) => n === ctx.query.done) ?? null
    return page(ctx, { notice })
  })

  pages.post('merchantProgramme', 'programme.update', async (ctx) => {
    const values = formBody(ctx)
    const form = parseProgrammeForm(values)
    if (!form.ok) {
      const t = translator(ctx.state.language, 'merchant')
      return page(ctx, {
        programmeForm: {
          values,
          errors: fieldMessages(ctx, form.fields),
          message: t('programme.errors.summary'),
        },
        status: 422,
      })
    }
    try {
      await updateProgramme(db, { ...acting(ctx), patch: form.value })
    } catch (error) {
      const { state, status } = refused(ctx, error, values)
      return page(ctx, { programmeForm: state, status })
    }
    seeOther(ctx, ctx.state.urls.path('merchantProgramme', null, { done: 'saved' }))
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
    const form = parseNewRewardForm(values)
    const t = translator(ctx.state.language, 'merchant')
    if (!form.ok)
      return page(ctx, {
        rewardForm: {
          rewardId: null,
          values,
          errors: fieldMessages(ctx, form.fields),
          message: t('programme.errors.summary'),
        },
        status: 422,
      })
    await createReward(db, { ...acting(ctx), reward: form.value })
    seeOther(ctx, ctx.state.urls.path('merchantProgramme', null, { done: 'reward_saved' }))
  })

  pages.post('merchantReward', 'programme.update', async (ctx) => {
    const values = formBody(ctx)
    const rewardId = String(ctx.params.id)
    const { do: action, version } = parseRewardAction(values)
    const t = translator(ctx.state.language, 'merchant')
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
        const form = parseRewardForm(values)
        if (!form.ok)
          return page(ctx, {
            rewardForm: {
              rewardId,
              values,
              errors: fieldMessages(ctx, form.fields),
              message: t('programme.errors.summary'),
            },
            status: 422,
          })
        await updateReward(db, { ...acting(ctx), rewardId, patch: form.value })
      }
    } catch (error) {
      const { state, status } = refused(ctx, error, values)
      return page(ctx, { rewardForm: { ...state, rewardId }, status })
    }
    seeOther(ctx, ctx.state.urls.path('merchantProgramme', null, { done: 'reward_saved' }))
  })
  return pages.routes
}
