import type { Knex } from 'knex'
import { AlertAcknowledgeBody, AlertListQuery } from '../../shared/schemas/alerts-api.ts'
import { acknowledgeAlert } from '../alerts/commands/acknowledge-alert.ts'
import { listAlerts } from '../alerts/queries/alerts.ts'
import { translator } from '../i18n/i18n.ts'
import { actingOn, merchantScope } from '../policies/scope.ts'
import { formError, isErrorOf } from '../web/pages/form-errors.ts'
import { pageList } from '../web/pages/page-route.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { formBody } from '../web/pages/query.ts'
import { loadMerchantPageFrame } from './queries/kiosks.ts'
import { MerchantAlertsPage, type AlertsPageProps } from './views/alerts-page.tsx'

/** The errors an acknowledgement shows above its alert (the rest go to the error page). */
const FORM_ERRORS = ['VALIDATION_FAILED', 'EDIT_CONFLICT', 'ALERT_ALREADY_ACKNOWLEDGED'] as const

/**
 * The Alerts page (/merchant/alerts): the alerts the sweep raised, open ones newest first, and
 * the acknowledged ones with who and when; each acknowledged once, from the version shown. A
 * manager limited to some stores sees and acknowledges the alerts about their stores only.
 */
export const alertPages = (db: Knex) => {
  const pages = pageList()
  const page = async (
    ctx: PageCtx,
    extra: { refused?: AlertsPageProps['refused']; status?: number } = {},
  ) => {
    const scope = merchantScope(ctx.state.principal!)
    const parsed = AlertListQuery.safeParse(ctx.query)
    const query = parsed.success ? parsed.data : AlertListQuery.parse({})
    const [frame, list] = await Promise.all([
      loadMerchantPageFrame(db, scope),
      listAlerts(db, scope, query),
    ])
    sendPage(
      ctx,
      'merchant',
      <MerchantAlertsPage
        merchantName={frame.merchantName}
        storeNames={frame.storeNames}
        user={ctx.state.merchantUser!}
        query={query}
        alerts={list.data as AlertsPageProps['alerts']}
        total={list.meta.total}
        totalPages={list.meta.total_pages}
        open={list.meta.open}
        acknowledged={!extra.refused && ctx.query.done === 'acknowledged'}
        refused={extra.refused}
      />,
      { status: extra.status ?? 200 },
    )
  }

  pages.get('merchantAlerts', 'alert.read', (ctx) => page(ctx))

  pages.post('merchantAlertAcknowledge', 'alert.acknowledge', async (ctx) => {
    const values = formBody(ctx)
    const alertId = String(ctx.params.id)
    const version = (values.version ?? '').trim()
    const form = AlertAcknowledgeBody.safeParse({
      version: /^\d+$/.test(version) ? Number(version) : version,
    })
    if (!form.success) {
      const t = translator(ctx.state.language, 'merchant')
      return page(ctx, { refused: { alertId, message: t('alerts.errors.version') }, status: 422 })
    }
    try {
      await acknowledgeAlert(db, {
        ...actingOn(ctx.state.principal!),
        alertId,
        version: form.data.version,
      })
    } catch (error) {
      if (!isErrorOf(error, FORM_ERRORS)) throw error
      return page(ctx, {
        refused: { alertId, message: formError(ctx, error) },
        status: error.status,
      })
    }
    seeOther(ctx, ctx.state.urls.path('merchantAlerts', null, { done: 'acknowledged' }))
  })

  return pages.routes
}
