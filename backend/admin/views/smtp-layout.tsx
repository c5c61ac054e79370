import type { ReactNode } from 'react'
import { usePage } from '../../web/pages/page.tsx'
import { StaffLayout } from '../../web/pages/staff-layout.tsx'
import type { SessionAdmin } from '../../web/sessions/accounts.ts'

/** The email pages of the administration (paths are fixed: they live on the platform's host). */
export const EMAIL_ADMIN_PATHS = {
  settings: '/admin/email/settings',
  test: '/admin/email/test',
  diagnostics: '/admin/email/diagnostics',
  templates: '/admin/email/templates',
} as const

export type EmailAdminPage = 'settings' | 'diagnostics' | 'templates'

/** The admin frame with the email section current (rendered with the `admin` namespace). */
export const EmailAdminLayout = (props: {
  title: string
  current: EmailAdminPage
  admin: Pick<SessionAdmin, 'name' | 'email'>
  children: ReactNode
}) => {
  const { t, urls, site } = usePage()
  const platform = site.kind === 'platform' ? site.platform : null
  const link = (page: EmailAdminPage, label: string) => ({
    href: EMAIL_ADMIN_PATHS[page],
    label,
    current: props.current === page,
  })
  return (
    <StaffLayout
      surface="admin"
      title={props.title}
      context={platform ? t('layout.context', { platform: platform.name }) : t('layout.brand_tag')}
      account={{ name: props.admin.name, meta: props.admin.email }}
      nav={[
        {
          heading: t('nav.platform'),
          links: [{ href: urls.path('adminDashboard'), label: t('nav.dashboard') }],
        },
        {
          heading: t('email_settings:nav.heading'),
          links: [
            link('settings', t('email_settings:nav.settings')),
            link('diagnostics', t('email_settings:nav.diagnostics')),
            link('templates', t('email_settings:nav.templates')),
          ],
        },
        {
          heading: t('nav.diagnostics'),
          links: [{ href: urls.path('adminRouting'), label: t('nav.routing') }],
        },
      ]}
    >
      {props.children}
    </StaffLayout>
  )
}

/** A setting's origin as a badge: environment, saved in the database, or the default. */
export const SourceBadge = ({ source }: { source: 'env' | 'database' | 'default' }) => {
  const { t } = usePage()
  const tone = source === 'database' ? 'accent' : source === 'env' ? 'info' : 'warning'
  return (
    <span className={`badge badge--${tone}`} data-source={source}>
      {t(`email_settings:settings.source.${source}`)}
    </span>
  )
}
