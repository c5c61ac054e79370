import type { Knex } from 'knex'
import {
  isAnalyticsView,
  loadAnalyticsPage,
  loadAnalyticsView,
  resolveAnalyticsFilter,
} from '../analytics/queries/analytics-page.ts'
import { AppError } from '../errors.ts'
import { merchantScope } from '../policies/scope.ts'
import { pageList } from '../web/pages/page-route.ts'
import { sendPage } from '../web/pages/page.tsx'
import { analyticsCsv, analyticsTable } from './analytics-csv.ts'
import { csvDownloadHeaders } from '../http/csv.ts'
import { loadMerchantPageFrame } from './queries/kiosks.ts'
import { AnalyticsPage } from './views/analytics-page.tsx'

/**
 * /merchant/analytics: the programme's figures from the analytics summaries (never the raw
 * ledger), for the owner and the managers — a store manager's figures are those of their stores.
 * Each view's table is also a CSV (/merchant/analytics/<view>.csv, the same filter).
 */
export const analyticsPages = (db: Knex) => {
  const pages = pageList()
  pages.get('merchantAnalytics', 'analytics.read', async (ctx) => {
    const scope = merchantScope(ctx.state.principal!)
    const [frame, analytics] = await Promise.all([
      loadMerchantPageFrame(db, scope),
      loadAnalyticsPage(db, scope, ctx.query),
    ])
    sendPage(
      ctx,
      'merchant',
      <AnalyticsPage
        merchantName={frame.merchantName}
        storeNames={frame.storeNames}
        user={ctx.state.merchantUser!}
        stores={analytics.stores}
        values={analytics.values}
        errors={analytics.errors}
        period={{ from: analytics.filter.from, to: analytics.filter.to }}
        data={analytics.data}
      />,
    )
  })
  pages.get('merchantAnalyticsCsv', 'analytics.read', async (ctx) => {
    const view = String(ctx.params.view ?? '')
    if (!isAnalyticsView(view)) throw new AppError('NOT_FOUND')
    const scope = merchantScope(ctx.state.principal!)
    const { filter, errors, stores } = await resolveAnalyticsFilter(db, scope, ctx.query)
    if (Object.keys(errors).length > 0)
      throw new AppError('VALIDATION_FAILED', {
        fields: Object.entries(errors).map(([path, code]) => ({ path, code })),
      })
    const names = new Map(stores.map((s) => [s.id, s.name]))
    const data = await loadAnalyticsView(db, view, filter)
    ctx.set(csvDownloadHeaders(`analytics-${view}-${filter.from}-${filter.to}`))
    ctx.body = analyticsCsv(analyticsTable(view, data, (id) => names.get(id) ?? id))
  })
  return pages.routes
}
