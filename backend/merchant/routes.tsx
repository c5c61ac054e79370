import Router from '@koa/router'
import type { Knex } from 'knex'
import type { Config } from '../config.ts'
import { sendPage } from '../web/pages/page.tsx'
import type { SiteAppState } from '../web/site/site-context.ts'
import { mountStaffSignIn, requireStaff } from '../platform/staff-sign-in.tsx'
import { loadMerchantOverview } from './queries/merchant-overview.ts'
import { listOperationsForReview } from './queries/review-queue.ts'
import { MerchantDashboardPage } from './views/dashboard-page.tsx'

/**
 * The merchant back office on the platform's host: sign-in (/merchant/login, /logout,
 * /language) and the dashboard (/merchant), behind a merchant session. A store manager sees
 * only the data of their stores.
 */
export const merchantRoutes = (db: Knex, config: Config) => {
  const router = new Router<SiteAppState>()
  mountStaffSignIn(router, db, config, 'merchant')

  router.get('/merchant', requireStaff('merchant'), async (ctx) => {
    const user = ctx.state.merchantUser!
    const scope = { merchantId: user.merchantId, storeIds: user.storeIds }
    const [overview, review] = await Promise.all([
      loadMerchantOverview(db, scope, config),
      listOperationsForReview(db, scope),
    ])
    sendPage(
      ctx,
      'merchant',
      <MerchantDashboardPage overview={overview} review={review} user={user} />,
    )
  })

  return router
}
