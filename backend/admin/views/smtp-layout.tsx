import type { ReactNode } from 'react'
import { usePage } from '../../web/pages/page.tsx'
import { AdminLayout } from './admin-layout.tsx'
import type { SessionAdmin } from '../../web/sessions/accounts.ts'

/** The email pages of the administration (paths are fixed: they live on the platform's host). */
export const EMAIL_ADMIN_PATHS = {
  settings: '/admin/email/settings',
  test: '/admin/email/test',
  diagnostics: '/admin/email/diagnostics',
  templates: '/admin/email/templates',
} as const

export type EmailAdminPage = 'settings' | 'diagnostics' | 'templates'

/** The admin frame with the email section current: the one admin layout. */
export const EmailAdminLayout = (props: {
  title: string
  current: EmailAdminPage
  admin: Pick<SessionAdmin, 'name' | 'email'>
  children: ReactNode
}) => (
  <AdminLayout title={props.title} current={props.current} admin={props.admin}>
    {props.children}
  </AdminLayout>
)

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
