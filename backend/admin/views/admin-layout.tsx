import type { ReactNode } from 'react'
import { usePage } from '../../web/pages/page.tsx'
import { StaffLayout } from '../../web/pages/staff-layout.tsx'
import type { SessionAdmin } from '../../accounts/accounts.ts'

export type AdminPageName =
  | 'dashboard'
  | 'routing'
  | 'emails'
  | 'mailbox'
  | 'settings'
  | 'diagnostics'
  | 'templates'
  | 'admins'
  | 'dashboard'
  | 'routing'
  | 'emails'
  | 'mailbox'
  | 'settings'
  | 'diagnostics'
  | 'templates'
  | 'platforms'
  | 'merchants'
  | 'audit'
  | 'wallet_apple'
  | 'google_wallet'

/** The platform administration's frame: its navigation and the signed-in admin. */
export const AdminLayout = (props: {
  title: string
  current: AdminPageName
  admin: Pick<SessionAdmin, 'name' | 'email'>
  children: ReactNode
}) => {
  const { t, urls, site } = usePage()
  const platform = site.kind === 'platform' ? site.platform : null
  return (
    <StaffLayout
      surface="admin"
      title={props.title}
      context={platform ? t('layout.context', { platform: platform.name }) : t('layout.brand_tag')}
      account={{ name: props.admin.name, meta: props.admin.email }}
      nav={[
        {
          heading: t('nav.platform'),
          links: [
            {
              href: urls.path('adminDashboard'),
              label: t('nav.dashboard'),
              current: props.current === 'dashboard',
            },
            {
              href: urls.path('adminAdmins'),
              label: t('nav.admins'),
              current: props.current === 'admins',
            },
          ],
        },
        {
          heading: t('email_settings:nav.heading'),
          links: (
            [
              ['emails', 'adminEmails'],
              ['mailbox', 'adminMailbox'],
              ['settings', 'adminEmailSettings'],
              ['diagnostics', 'adminEmailDiagnostics'],
              ['templates', 'adminEmailTemplates'],
            ] as const
          ).map(([page, name]) => ({
            href: urls.path(name),
            label: t(`email_settings:nav.${page}`),
            current: props.current === page,
          })),
        },
        {
          heading: t('wallet:admin.nav_heading'),
          links: [
            {
              href: urls.path('adminWallet'),
              label: t('wallet:admin.nav_google'),
              current: props.current === 'google_wallet',
            },
            {
              href: urls.path('adminWalletApple'),
              label: t('wallet:admin.nav_apple'),
              current: props.current === 'wallet_apple',
            },
          ],
        },
        {
          heading: t('nav.diagnostics'),
          links: [
            {
              href: urls.path('adminRouting'),
              label: t('nav.routing'),
              current: props.current === 'routing',
            },
          ],
        },
        {
          heading: t('back_office:nav.heading'),
          links: (
            [
              ['merchants', 'adminMerchants'],
              ['platforms', 'adminPlatforms'],
              ['audit', 'adminAudit'],
            ] as const
          ).map(([page, name]) => ({
            href: urls.path(name),
            label: t(`back_office:nav.${page}`),
            current: props.current === page,
          })),
        },
      ]}
    >
      {props.children}
    </StaffLayout>
  )
}
