import type { ReactNode } from 'react'
import { usePage } from '../../web/pages/page.tsx'
import { StaffLayout } from '../../web/pages/staff-layout.tsx'
import type { SessionMerchantUser } from '../../accounts/accounts.ts'

export type MerchantPageName =
  | 'dashboard'
  | 'kiosks'
  | 'programme'
  | 'staff'
  | 'stores'
  | 'categories'
  | 'settings'
  | 'team'
  | 'api_keys'
  | 'webhooks'
  | 'customers'
  | 'review'
  | 'activity'
  | 'security'
  | 'alerts'
  | 'analytics'
  | 'exports'
  | 'imports'

/** The merchant back office's frame: its navigation, the merchant, the signed-in user. */
export const MerchantLayout = (props: {
  title: string
  current: MerchantPageName
  merchantName: string
  user: Pick<SessionMerchantUser, 'name' | 'role' | 'storeIds'>
  /** The names of a store manager's stores. */
  storeNames: string[]
  children: ReactNode
}) => {
  const { t, urls } = usePage()
  const { user } = props
  const role =
    user.role === 'owner'
      ? t('account.owner')
      : user.storeIds
        ? t('account.store_manager', { stores: props.storeNames.join(', ') })
        : t('account.manager')
  return (
    <StaffLayout
      surface="merchant"
      title={props.title}
      context={props.merchantName}
      account={{ name: user.name, meta: role }}
      nav={[
        {
          heading: t('nav.overview'),
          links: [
            {
              href: urls.path('merchantDashboard'),
              label: t('nav.dashboard'),
              current: props.current === 'dashboard',
            },
            {
              href: urls.path('merchantAnalytics'),
              label: t('analytics.nav'),
              current: props.current === 'analytics',
            },
            ...(user.role === 'owner'
              ? [
                  {
                    href: urls.path('merchantSettings'),
                    label: t('nav.settings'),
                    current: props.current === 'settings',
                  },
                ]
              : []),
            // Those who answer for the whole merchant (policies/merchants.ts activity.read).
            ...(user.storeIds === null
              ? [
                  {
                    href: urls.path('merchantActivity'),
                    label: t('nav.activity'),
                    current: props.current === 'activity',
                  },
                ]
              : []),
            {
              href: urls.path('merchantSecurity'),
              label: t('nav.security'),
              current: props.current === 'security',
            },
          ],
        },
        {
          heading: t('nav.loyalty'),
          links: [
            {
              href: urls.path('merchantProgramme'),
              label: t('nav.programme'),
              current: props.current === 'programme',
            },
            {
              href: urls.path('merchantCategories'),
              label: t('nav.categories'),
              current: props.current === 'categories',
            },
            {
              href: urls.path('merchantCustomers'),
              label: t('nav.customers'),
              current: props.current === 'customers',
            },
          ],
        },
        {
          heading: t('nav.in_store'),
          links: [
            {
              href: urls.path('merchantKiosks'),
              label: t('nav.kiosks'),
              current: props.current === 'kiosks',
            },
            {
              href: urls.path('merchantStaff'),
              label: t('nav.staff'),
              current: props.current === 'staff',
            },
            {
              href: urls.path('merchantStores'),
              label: t('nav.stores'),
              current: props.current === 'stores',
            },
            {
              href: urls.path('merchantReview'),
              label: t('nav.review'),
              current: props.current === 'review',
            },
            {
              href: urls.path('merchantAlerts'),
              label: t('nav.alerts'),
              current: props.current === 'alerts',
            },
          ],
        },
        // CSV in and out (policies/exports.ts): every manager exports, merchant-wide staff import.
        {
          heading: t('data_nav.heading'),
          links: [
            {
              href: urls.path('merchantExports'),
              label: t('data_nav.exports'),
              current: props.current === 'exports',
            },
            ...(user.storeIds === null
              ? [
                  {
                    href: urls.path('merchantImports'),
                    label: t('data_nav.imports'),
                    current: props.current === 'imports',
                  },
                ]
              : []),
          ],
        },
        // Owners only (policies/team.ts): a manager would be refused these pages.
        ...(user.role === 'owner'
          ? [
              {
                heading: t('nav.administration'),
                links: [
                  {
                    href: urls.path('merchantTeam'),
                    label: t('nav.team'),
                    current: props.current === 'team',
                  },
                  {
                    href: urls.path('merchantApiKeys'),
                    label: t('nav.api_keys'),
                    current: props.current === 'api_keys',
                  },
                  {
                    href: urls.path('merchantWebhooks'),
                    label: t('webhooks:nav'),
                    current: props.current === 'webhooks',
                  },
                ],
              },
            ]
          : []),
      ]}
    >
      {props.children}
    </StaffLayout>
  )
}
