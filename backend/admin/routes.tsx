import { pageList, type PageRoute } from '../web/pages/page-route.ts'
import type { Knex } from 'knex'
import type { Config } from '../config.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { staffSignInPages } from '../platform/staff-sign-in.tsx'
import { loadPlatformOverview } from './queries/platform-overview.ts'
import { countMerchants } from './queries/back-office.ts'
import type { LiveApp } from './live-request.ts'
import { runRoutingDiagnostics } from './routing-diagnostics.ts'
import { emailLogRoutes } from './email-log-routes.tsx'
import { mailboxRoutes } from './mailbox-routes.tsx'
import { AdminDashboardPage } from './views/dashboard-page.tsx'
import { RoutingPage } from './views/routing-page.tsx'
import { smtpRoutes } from './smtp-routes.tsx'
import { googleWalletRoutes } from './google-wallet-routes.tsx'
import { templateRoutes } from './template-routes.tsx'
import { adminAccountPages } from './admins-routes.tsx'
import { backOfficePages } from './back-office-routes.tsx'
import { walletAppleRoutes } from './wallet-apple-routes.tsx'
import type { DomainResolver } from '../tenancy/domain-check.ts'

/** The running app as this request reached it: the diagnostics ask it the same way. */
const liveAppOf = (ctx: PageCtx): LiveApp | undefined => {
  const { localAddress, localPort } = ctx.req.socket
  if (!localAddress || !localPort) return undefined
  return { host: localAddress.replace(/^::ffff:/, ''), port: localPort }
}

/**
 * The platform administration on the platform's host: sign-in (/admin/login, /logout,
 * /language), the dashboard (/admin) and the routing diagnostics (/admin/routing), behind an
 * admin session. Also the platform's home (/), which leads to the merchant pages.
 */
export const adminPages = (
  db: Knex,
  config: Config,
  options: { domainResolver?: DomainResolver } = {},
): PageRoute[] => {
  const pages = pageList()

  // The platform's own address has no page of its own: merchants are its usual visitors.
  pages.get('platformHome', 'site.visit', (ctx) =>
    seeOther(ctx, ctx.state.urls.path('merchantDashboard')),
  )

  pages.get('adminDashboard', 'platform.overview.read', async (ctx) => {
    const [overview, counts] = await Promise.all([
      loadPlatformOverview(db, config),
      countMerchants(db),
    ])
    sendPage(
      ctx,
      'admin',
      <AdminDashboardPage overview={overview} counts={counts} admin={ctx.state.admin!} />,
    )
  })

  pages.get('adminRouting', 'routing.diagnose', async (ctx) => {
    const report = await runRoutingDiagnostics(db, config, { live: liveAppOf(ctx) })
    sendPage(
      ctx,
      'admin',
      <RoutingPage
        report={report}
        admin={ctx.state.admin!}
        settings={{
          baseUrl: config.baseUrl,
          hostRouting: config.hostRouting,
          trustProxy: config.trustProxy,
        }}
      />,
    )
  })

  return [
    ...staffSignInPages(db, config, 'admin'),
    ...pages.routes,
    ...emailLogRoutes(db, config),
    ...mailboxRoutes(db),
    ...smtpRoutes(db, config),
    ...googleWalletRoutes(db, config),
    ...templateRoutes(db),
    ...adminAccountPages(db, config),
    ...backOfficePages(db, config, options),
    ...walletAppleRoutes(db, config),
  ]
}
