import { pageList, type PageRoute } from '../web/pages/page-route.ts'
import type { Knex } from 'knex'
import type { Config } from '../config.ts'
import { sendPage, type PageCtx } from '../web/pages/page.tsx'
import { staffSignInPages } from '../platform/staff-sign-in.tsx'
import { merchantScope } from '../policies/scope.ts'
import { loadMerchantOverview } from './queries/merchant-overview.ts'
import { listOperationsForReview } from './queries/review-queue.ts'
import { MerchantDashboardPage } from './views/dashboard-page.tsx'
import type { InviteFormState } from './views/invite-card.tsx'
import { invitationPages } from './invitation-routes.tsx'
import { kioskPages } from './kiosk-routes.tsx'
import { programmePages } from './programme-routes.tsx'
import { staffPages } from './staff-routes.tsx'
import { storePages } from './store-routes.tsx'

/**
 * The merchant back office on the platform's host: sign-in (/merchant/login, /logout,
 * /language), the dashboard (/merchant), behind a merchant session, staff invitations (an
 * owner's form, the invitee's page) and the kiosks (/merchant/kiosks: pair, watch, revoke).
 * A store manager sees only the data of their stores.
 */
export const merchantPages = (db: Knex, config: Config): PageRoute[] => {
  const pages = pageList()

  const dashboard = async (ctx: PageCtx, invite: InviteFormState = {}, status = 200) => {
    const user = ctx.state.merchantUser!
    const scope = merchantScope(ctx.state.principal!)
    const [overview, review] = await Promise.all([
      loadMerchantOverview(db, scope, config),
      listOperationsForReview(db, scope),
    ])
    sendPage(
      ctx,
      'merchant',
      <MerchantDashboardPage overview={overview} review={review} user={user} invite={invite} />,
      { status },
    )
  }

  pages.get('merchantDashboard', 'merchant.overview.read', (ctx) =>
    dashboard(ctx, { sent: ctx.query.invited === '1' }),
  )
  return [
    ...staffSignInPages(db, config, 'merchant'),
    ...pages.routes,
    ...invitationPages(db, config, dashboard),
    ...kioskPages(db, config),
    ...programmePages(db),
    ...staffPages(db),
    ...storePages(db),
  ]
}
