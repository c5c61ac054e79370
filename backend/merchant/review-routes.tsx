import type { Knex } from 'knex'
import {
  ReviewApplyBody,
  ReviewDismissBody,
  ReviewListQuery,
} from '../../shared/schemas/review-api.ts'
import { translator } from '../i18n/i18n.ts'
import {
  APPLY_REFUSALS,
  applyReviewItem,
  dismissReviewItem,
} from '../kiosks/commands/decide-review-item.ts'
import { listReviewItems } from '../kiosks/queries/review-items.ts'
import { actingOn, merchantScope } from '../policies/scope.ts'
import { formError, isErrorOf } from '../web/pages/form-errors.ts'
import { pageList } from '../web/pages/page-route.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { formBody, type FormValues } from '../web/pages/query.ts'
import { loadMerchantPageFrame } from './queries/kiosks.ts'
import { MerchantReviewPage, REVIEW_NOTICES, type ReviewPageProps } from './views/review-page.tsx'

/** The errors a decision shows above its item (the rest go to the error page). */
const FORM_ERRORS = [
  'VALIDATION_FAILED',
  'EDIT_CONFLICT',
  'REVIEW_ALREADY_DECIDED',
  ...APPLY_REFUSALS,
] as const

/** The form's value as the API's body: the version as a number, the reason trimmed. */
const decisionForm = (values: FormValues) => ({
  version: /^\d+$/.test((values.version ?? '').trim()) ? Number(values.version) : values.version,
  ...(values.reason !== undefined ? { reason: values.reason } : {}),
})

/**
 * The Review page (/merchant/review): the operations kiosks decided offline that the server
 * could not apply, oldest first (or the decided ones, newest first), each applied — through the
 * normal ledger commands, a redemption's shortfall written off — or dismissed with a reason.
 * Decided once and kept; a manager limited to some stores sees and decides their stores' only.
 */
export const reviewPages = (db: Knex) => {
  const pages = pageList()
  const page = async (
    ctx: PageCtx,
    extra: { form?: ReviewPageProps['form']; status?: number } = {},
  ) => {
    const scope = merchantScope(ctx.state.principal!)
    const parsed = ReviewListQuery.safeParse(ctx.query)
    const query = parsed.success ? parsed.data : ReviewListQuery.parse({})
    const [frame, list] = await Promise.all([
      loadMerchantPageFrame(db, scope),
      listReviewItems(db, scope, query),
    ])
    sendPage(
      ctx,
      'merchant',
      <MerchantReviewPage
        merchantName={frame.merchantName}
        storeNames={frame.storeNames}
        user={ctx.state.merchantUser!}
        query={query}
        items={list.data.map((item) => ({
          ...item,
          store_currency: item.store_currency.trim(),
        }))}
        total={list.meta.total}
        totalPages={list.meta.total_pages}
        waiting={list.meta.waiting}
        oldestWaitingAt={list.meta.oldest_waiting_at}
        now={new Date()}
        notice={extra.form ? null : (REVIEW_NOTICES.find((n) => n === ctx.query.done) ?? null)}
        form={extra.form}
      />,
      { status: extra.status ?? 200 },
    )
  }

  const refused = (ctx: PageCtx, itemId: string, values: FormValues, error: unknown) => {
    if (!isErrorOf(error, FORM_ERRORS)) throw error
    const t = translator(ctx.state.language, 'merchant')
    const reasonInvalid =
      isErrorOf(error, ['VALIDATION_FAILED'] as const) &&
      error.details.fields.some((f) => f.path === 'reason')
    return page(ctx, {
      form: {
        itemId,
        values,
        errors: reasonInvalid ? { reason: t('review_page.errors.reason') } : {},
        message: reasonInvalid ? t('review_page.errors.summary') : formError(ctx, error),
      },
      status: error.status,
    })
  }

  pages.get('merchantReview', 'review.read', (ctx) => page(ctx))

  const decision = (
    name: 'merchantReviewApply' | 'merchantReviewDismiss',
    decide: typeof applyReviewItem,
    body: typeof ReviewApplyBody | typeof ReviewDismissBody,
    notice: (typeof REVIEW_NOTICES)[number],
  ) =>
    pages.post(name, 'review.resolve', async (ctx) => {
      const values = formBody(ctx)
      const itemId = String(ctx.params.id)
      const form = body.safeParse(decisionForm(values))
      if (!form.success) {
        const t = translator(ctx.state.language, 'merchant')
        const reason = form.error.issues.some((issue) => issue.path[0] === 'reason')
        return page(ctx, {
          form: {
            itemId,
            values,
            errors: reason ? { reason: t('review_page.errors.reason') } : {},
            message: t('review_page.errors.summary'),
          },
          status: 422,
        })
      }
      try {
        await decide(db, {
          ...actingOn(ctx.state.principal!),
          reviewId: itemId,
          version: form.data.version,
          reason: form.data.reason,
        })
      } catch (error) {
        return refused(ctx, itemId, values, error)
      }
      seeOther(ctx, ctx.state.urls.path('merchantReview', null, { done: notice }))
    })

  decision('merchantReviewApply', applyReviewItem, ReviewApplyBody, 'applied')
  decision(
    'merchantReviewDismiss',
    (db, props) => dismissReviewItem(db, { ...props, reason: props.reason ?? '' }),
    ReviewDismissBody,
    'dismissed',
  )
  return pages.routes
}
