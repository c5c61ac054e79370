import type { Knex } from 'knex'
import { CalendarDateSchema } from '../../shared/schemas/common.ts'
import { listMerchantActivity } from '../audit/queries/merchant-activity.ts'
import { DEFAULT_TIME_ZONE } from '../i18n/error-message.ts'
import { merchantScope } from '../policies/scope.ts'
import { pageList } from '../web/pages/page-route.ts'
import { sendPage } from '../web/pages/page.tsx'
import { loadMerchantPageFrame } from './queries/kiosks.ts'
import { MerchantActivityPage } from './views/activity-page.tsx'

const PER_PAGE = 50

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '')

/**
 * The Activity page (/merchant/activity): the merchant's own audit trail, newest first, by
 * person, action and days (in the merchant's time zone), 50 a page. For those who answer for
 * the whole merchant: the owner and merchant-wide managers.
 */
export const activityPages = (db: Knex) => {
  const pages = pageList()
  pages.get('merchantActivity', 'activity.read', async (ctx) => {
    const scope = merchantScope(ctx.state.principal!)
    const day = (name: 'from' | 'to') => {
      const value = text(ctx.query[name])
      return { value, valid: value === '' || CalendarDateSchema.safeParse(value).success }
    }
    const from = day('from')
    const to = day('to')
    const page = Math.max(1, Number.parseInt(text(ctx.query.page), 10) || 1)
    const filters = {
      actor: text(ctx.query.actor) || undefined,
      action: text(ctx.query.action) || undefined,
      from: from.valid ? from.value || undefined : undefined,
      to: to.valid ? to.value || undefined : undefined,
    }
    const [frame, activity] = await Promise.all([
      loadMerchantPageFrame(db, scope),
      listMerchantActivity(db, scope.merchantId, filters, {
        page,
        perPage: PER_PAGE,
        timeZone: DEFAULT_TIME_ZONE,
      }),
    ])
    sendPage(
      ctx,
      'merchant',
      <MerchantActivityPage
        merchantName={frame.merchantName}
        storeNames={frame.storeNames}
        user={ctx.state.merchantUser!}
        {...activity}
        page={page}
        perPage={PER_PAGE}
        filters={{ ...filters, from: from.value, to: to.value }}
        invalid={[...(from.valid ? [] : ['from' as const]), ...(to.valid ? [] : ['to' as const])]}
      />,
    )
  })
  return pages.routes
}
