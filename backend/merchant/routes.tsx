import { pageList, type PageRoute } from '../web/pages/page-route.ts'
import type { Knex } from 'knex'
import type { Config } from '../config.ts'
import { sendPage, type PageCtx } from '../web/pages/page.tsx'
import { staffSignInPages } from '../platform/staff-sign-in.tsx'
import { merchantScope } from '../policies/scope.ts'
import { loadMerchantOverview } from './queries/merchant-overview.ts'
import { listOperationsForReview } from './queries/review-queue.ts'
import { MerchantDashboardPage } from './views/dashboard-page.tsx'
import { invitationPages } from './invitation-routes.tsx'
import { kioskPages } from './kiosk-routes.tsx'
import { programmePages } from './programme-routes.tsx'
import { staffPages } from './staff-routes.tsx'
import { categoryPages } from './category-routes.tsx'
import { settingsPages } from './settings-routes.tsx'
import { teamPages } from './team-routes.tsx'
import { securityPages } from './security-routes.tsx'
import { apiKeyPages } from './api-key-routes.tsx'
import { storePages } from './store-routes.tsx'
import { customerPages } from './customer-routes.tsx'
import { reviewPages } from './review-routes.tsx'
import { alertPages } from './alert-routes.tsx'
import { countOpenAlerts } from '../alerts/queries/alerts.ts'
import { activityPages } from './activity-routes.tsx'
import { analyticsPages } from './analytics-routes.tsx'
import { exportPages } from './export-routes.tsx'
import { importPages } from './import-routes.tsx'
import { webhookPages } from './webhook-routes.tsx'

/**
 * The merchant back office on the platform's host: sign-in (/merchant/login, /logout,
 * /language), the dashboard (/merchant), behind a merchant session, the invitee's page of a
 * staff invitation and the kiosks (/merchant/kiosks: pair, watch, revoke); the owner's team
 * and API keys pages (team-routes.tsx, api-key-routes.tsx).
 * A store manager sees only the data of their stores.
 */
export const merchantPages = (db: Knex, config: Config): PageRoute[] => {
  const pages = pageList()

  const dashboard = async (ctx: PageCtx) => {
    const user = ctx.state.merchantUser!
    const scope = merchantScope(ctx.state.principal!)
    const [overview, review, openAlerts] = await Promise.all([
      loadMerchantOverview(db, scope, config),
      listOperationsForReview(db, scope),
      countOpenAlerts(db, scope),
    ])
    sendPage(
      ctx,
      'merchant',
      <MerchantDashboardPage
        overview={overview}
        review={review}
        user={user}
        now={new Date()}
        openAlerts={openAlerts}
      />,
    )
  }

  pages.get('merchantDashboard', 'merchant.overview.read', (ctx) => dashboard(ctx))
  return [
    ...staffSignInPages(db, config, 'merchant'),
    ...pages.routes,
    ...invitationPages(db, config),
    ...kioskPages(db, config),
    ...programmePages(db),
    ...staffPages(db),
    ...categoryPages(db),
    ...settingsPages(db),
    ...teamPages(db, config),
    ...apiKeyPages(db),
    ...storePages(db),
    ...customerPages(db),
    ...reviewPages(db),
    ...activityPages(db),
    ...securityPages(db, config),
    ...alertPages(db),
    ...analyticsPages(db),
    ...exportPages(db),
    ...importPages(db),
    ...webhookPages(db, config),
  ]
}
