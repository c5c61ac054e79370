import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../../test/test-database.ts'
import { isStorefrontPage, PAGE_NAMES, type PageName } from './pages.ts'
import { createSiteResolver, type SiteConfig } from './resolve-site.ts'
import { HOST_FORMS, type HostForm } from './site.ts'
import { buildStore, requestFor } from '../../test/test-stores.ts'
import { canonicalPlatformUrls, canonicalStoreUrls, urlsForSite } from './urls.ts'

const db = useTestDatabase()

beforeAll(async () => {
  await buildStore(db.knex, {
    code: 'FASHIONHUB',
    subdomain: 'fashionhub',
    customDomain: 'fashionhub.lu',
  })
})

const TOKEN = 'r/t k'

/** Where every page lives on a store's own host, written out by hand. */
const PAGE_PATHS = {
  home: '/',
  join: '/join',
  joinDone: '/join/done',
  login: '/login',
  logout: '/logout',
  forgotPassword: '/password/forgot',
  resetPassword: '/password/reset/r%2Ft%20k',
  account: '/account',
  card: '/account/card',
  history: '/account/history',
  profile: '/account/profile',
  exportData: '/account/export',
  deleteAccount: '/account/delete',
  language: '/language',
  cardQr: '/account/card.svg',
  cardPass: '/account/card.pkpass',
  platformHome: '/',
  merchantLogin: '/merchant/login',
  merchantLogout: '/merchant/logout',
  merchantDashboard: '/merchant',
  merchantLanguage: '/merchant/language',
  merchantInvitations: '/merchant/invitations',
  merchantInvitation: '/merchant/invitation/r%2Ft%20k',
  merchantKiosks: '/merchant/kiosks',
  merchantKioskCode: '/merchant/kiosks/code',
  merchantKioskRevoke: '/merchant/kiosks/revoke',
  merchantProgramme: '/merchant/programme',
  merchantProgrammeStatus: '/merchant/programme/status',
  merchantRewards: '/merchant/rewards',
  merchantReward: '/merchant/rewards/r%2Ft%20k',
  merchantStaff: '/merchant/staff',
  merchantStaffPin: '/merchant/staff/pin',
  merchantStaffUnlock: '/merchant/staff/unlock',
  merchantStaffDeactivate: '/merchant/staff/deactivate',
  merchantCategories: '/merchant/categories',
  merchantCategory: '/merchant/categories/r%2Ft%20k',
  merchantSettings: '/merchant/settings',
  merchantTeam: '/merchant/team',
  merchantTeamMember: '/merchant/team/member',
  merchantTeamRemove: '/merchant/team/remove',
  merchantApiKeys: '/merchant/api-keys',
  merchantApiKeyRevoke: '/merchant/api-keys/revoke',
  adminLogin: '/admin/login',
  adminLogout: '/admin/logout',
  adminDashboard: '/admin',
  adminLanguage: '/admin/language',
  adminMailbox: '/admin/mailbox',
  adminMailboxMessage: '/admin/mailbox/r%2Ft%20k',
  adminEmails: '/admin/emails',
  adminEmail: '/admin/emails/r%2Ft%20k',
  adminEmailResend: '/admin/emails/r%2Ft%20k/resend',
  adminEmailSettings: '/admin/email/settings',
  adminEmailDiagnostics: '/admin/email/diagnostics',
  adminEmailTest: '/admin/email/test',
  adminEmailTemplates: '/admin/email/templates',
  adminEmailTemplate: '/admin/email/templates/r%2Ft%20k/r%2Ft%20k',
  adminRouting: '/admin/routing',
  adminWalletApple: '/admin/wallet/apple',
  adminWalletAppleDiagnostics: '/admin/wallet/apple/diagnostics',
  merchantStores: '/merchant/stores',
  merchantStore: '/merchant/stores/r%2Ft%20k',
  merchantCustomers: '/merchant/customers',
  merchantCustomer: '/merchant/customers/r%2Ft%20k',
  merchantCustomerAdjust: '/merchant/customers/r%2Ft%20k/adjust',
  merchantCustomerReverse: '/merchant/customers/r%2Ft%20k/reverse',
  merchantCustomerBlock: '/merchant/customers/r%2Ft%20k/block',
  merchantCustomerWelcome: '/merchant/customers/r%2Ft%20k/welcome',
  merchantCustomerExport: '/merchant/customers/r%2Ft%20k/export',
  merchantCustomerAnonymize: '/merchant/customers/r%2Ft%20k/anonymize',
  merchantReview: '/merchant/review',
  merchantReviewApply: '/merchant/review/r%2Ft%20k/apply',
  merchantReviewDismiss: '/merchant/review/r%2Ft%20k/dismiss',
  merchantActivity: '/merchant/activity',
  merchantLoginCode: '/merchant/login/code',
  merchantSecurity: '/merchant/security',
  adminLoginCode: '/admin/login/code',
  adminLoginEnrol: '/admin/login/enrol',
  adminInvitation: '/admin/invitation/r%2Ft%20k',
  adminAdmins: '/admin/admins',
  adminAdminDeactivate: '/admin/admins/deactivate',
  adminPlatforms: '/admin/platforms',
  adminMerchants: '/admin/merchants',
  adminMerchant: '/admin/merchants/r%2Ft%20k',
  adminMerchantStatus: '/admin/merchants/r%2Ft%20k/status',
  adminMerchantInvite: '/admin/merchants/r%2Ft%20k/invite',
  adminStores: '/admin/merchants/r%2Ft%20k/stores',
  adminStore: '/admin/stores/r%2Ft%20k',
  adminStoreOpen: '/admin/stores/r%2Ft%20k/open',
  adminAudit: '/admin/audit',
  adminAuditCsv: '/admin/audit.csv',
  merchantAlerts: '/merchant/alerts',
  merchantAlertAcknowledge: '/merchant/alerts/r%2Ft%20k/acknowledge',
  googleWalletSave: '/account/card/google-wallet',
  adminWallet: '/admin/wallet',
  merchantAnalytics: '/merchant/analytics',
  merchantAnalyticsCsv: '/merchant/analytics/r%2Ft%20k.csv',
  adminWalletDiagnostics: '/admin/wallet/diagnostics',
  merchantExports: '/merchant/exports',
  merchantExportFile: '/merchant/exports/r%2Ft%20k',
  merchantImports: '/merchant/imports',
  merchantImport: '/merchant/imports/r%2Ft%20k',
  merchantImportRun: '/merchant/imports/r%2Ft%20k/run',
  merchantWebhooks: '/merchant/webhooks',
  merchantWebhook: '/merchant/webhooks/r%2Ft%20k',
  merchantWebhookReplay: '/merchant/webhooks/r%2Ft%20k/replay',
} satisfies Record<PageName, string>

type Environment = {
  name: string
  config: SiteConfig
  /** The address of the store's home in each host form. */
  homes: Record<HostForm, string>
}

const ENVIRONMENTS: Environment[] = [
  {
    name: 'production',
    config: { baseUrl: 'https://rewardflow.lu', trustProxy: false, hostRouting: true },
    homes: {
      custom: 'https://fashionhub.lu/',
      subdomain: 'https://fashionhub.rewardflow.lu/',
      path: 'https://rewardflow.lu/s/fashionhub/',
    },
  },
  {
    name: 'development',
    config: { baseUrl: 'http://localhost:3000', trustProxy: false, hostRouting: false },
    homes: {
      custom: 'http://fashionhub.lu:3000/',
      subdomain: 'http://fashionhub.localhost:3000/',
      path: 'http://localhost:3000/s/fashionhub/',
    },
  },
]

const urlsAt = async (env: Environment, url: string) => {
  const resolution = await createSiteResolver(db.knex, env.config).resolve(requestFor(url))
  if (!resolution.found) throw new Error(`${url} did not resolve: ${resolution.reason}`)
  return { resolution, urls: urlsForSite(resolution.site, resolution.origin, env.config) }
}

const isStorefront = isStorefrontPage

describe.each(ENVIRONMENTS)('URLs in $name', (env) => {
  describe.each(HOST_FORMS)('on the %s host form', (form) => {
    const origin = new URL(env.homes[form]).origin
    const expected = (name: PageName) => {
      const path = PAGE_PATHS[name]
      if (!isStorefront(name)) {
        // Merchant and admin pages live on the platform's host.
        const link = form === 'path' ? path : `${env.config.baseUrl}${path}`
        return { link, absolute: `${env.config.baseUrl}${path}` }
      }
      const link = form === 'path' ? `/s/fashionhub${path}` : path
      return { link, absolute: `${origin}${link}` }
    }

    it.each(PAGE_NAMES)('builds the exact link and absolute URL of %s', async (name) => {
      const { urls } = await urlsAt(env, env.homes[form])
      const params = {
        token: TOKEN,
        code: TOKEN,
        language: TOKEN,
        id: TOKEN,
        number: TOKEN,
        view: TOKEN,
        file: TOKEN,
      }
      expect({ link: urls.path(name, params), absolute: urls.absolute(name, params) }).toEqual(
        expected(name),
      )
    })

    it('never carries a path prefix on a store’s own host, never misses it on the path form', async () => {
      const { urls } = await urlsAt(env, env.homes[form])
      for (const name of PAGE_NAMES.filter(isStorefront)) {
        const link = urls.path(name, { token: TOKEN })
        const absolute = new URL(urls.absolute(name, { token: TOKEN }))
        if (form === 'path') {
          expect(link.startsWith('/s/fashionhub/'), name).toBe(true)
          expect(absolute.pathname.startsWith('/s/fashionhub/'), name).toBe(true)
        } else {
          expect(link.includes('/s/'), name).toBe(false)
          expect(absolute.pathname.includes('/s/'), name).toBe(false)
        }
      }
    })

    it('builds URLs that lead back to the same store and page', async () => {
      const { resolution, urls } = await urlsAt(env, env.homes[form])
      for (const name of PAGE_NAMES.filter(isStorefront)) {
        const back = await urlsAt(env, urls.absolute(name, { token: TOKEN }))
        expect(back.resolution.site, name).toEqual(resolution.site)
        expect(back.resolution.path, name).toBe(PAGE_PATHS[name])
      }
    })
  })

  it('leads merchant and admin links from every host form to the platform', async () => {
    for (const form of HOST_FORMS) {
      const { urls } = await urlsAt(env, env.homes[form])
      const target = await urlsAt(env, urls.absolute('merchantLogin'))
      expect(target.resolution.site.kind, form).toBe('platform')
      expect(target.resolution.path, form).toBe('/merchant/login')
    }
  })
})

describe('the URL builder', () => {
  const production = ENVIRONMENTS[0]!

  it('writes the redirect after login without a prefix on a subdomain (docs/lessons.md #10)', async () => {
    const subdomain = await urlsAt(production, 'https://fashionhub.rewardflow.lu/login')
    expect(subdomain.urls.path('account')).toBe('/account')
    expect(subdomain.urls.absolute('account')).toBe('https://fashionhub.rewardflow.lu/account')
    const path = await urlsAt(production, 'https://rewardflow.lu/s/FASHIONHUB/login')
    expect(path.urls.path('account')).toBe('/s/fashionhub/account')
    expect(path.urls.absolute('account')).toBe('https://rewardflow.lu/s/fashionhub/account')
  })

  it('appends the query, repeating array values and leaving out empty ones', async () => {
    const { urls } = await urlsAt(production, 'https://rewardflow.lu/s/fashionhub/')
    expect(
      urls.path('history', null, { page: 2, kind: ['earn', 'redeem'], q: 'a&b', none: undefined }),
    ).toBe('/s/fashionhub/account/history?page=2&kind=earn&kind=redeem&q=a%26b')
    expect(urls.absolute('login', {}, { next: '/s/fashionhub/account' })).toBe(
      'https://rewardflow.lu/s/fashionhub/login?next=%2Fs%2Ffashionhub%2Faccount',
    )
  })

  it('refuses a page whose parameter is missing', async () => {
    const { urls } = await urlsAt(production, 'https://fashionhub.lu/')
    expect(() => urls.path('resetPassword', { token: '' })).toThrow(/:token/)
  })

  it('builds merchant and admin pages on the platform, and no storefront page there', async () => {
    const { resolution, urls } = await urlsAt(production, 'https://rewardflow.lu/admin')
    expect(resolution.site.kind).toBe('platform')
    expect(urls.hostForm).toBe('platform')
    expect(urls.path('adminRouting')).toBe('/admin/routing')
    expect(urls.absolute('merchantDashboard')).toBe('https://rewardflow.lu/merchant')
    expect(() => urls.path('join')).toThrow(/storefront/)
  })
})

describe('canonical store URLs (outside a request)', () => {
  const store = { code: 'FASHIONHUB', subdomain: 'fashionhub', custom_domain: 'fashionhub.lu' }
  const platform = { base_domain: 'rewardflow.lu' }
  const routed = { baseUrl: 'https://rewardflow.lu', hostRouting: true }

  it('prefers the custom domain, then the subdomain, then the path, with HOST_ROUTING', () => {
    expect(canonicalStoreUrls(store, platform, routed).absolute('card')).toBe(
      'https://fashionhub.lu/account/card',
    )
    const noCustom = { ...store, custom_domain: null }
    expect(canonicalStoreUrls(noCustom, platform, routed).absolute('card')).toBe(
      'https://fashionhub.rewardflow.lu/account/card',
    )
    const neither = { ...noCustom, subdomain: null }
    expect(canonicalStoreUrls(neither, platform, routed).absolute('card')).toBe(
      'https://rewardflow.lu/s/fashionhub/account/card',
    )
  })

  it('always uses the path form on BASE_URL without HOST_ROUTING', () => {
    const urls = canonicalStoreUrls(store, platform, {
      baseUrl: 'http://localhost:3000',
      hostRouting: false,
    })
    expect(urls.hostForm).toBe('path')
    expect(urls.absolute('resetPassword', { token: 'abc' })).toBe(
      'http://localhost:3000/s/fashionhub/password/reset/abc',
    )
    expect(urls.absolute('merchantLogin')).toBe('http://localhost:3000/merchant/login')
  })

  it('points merchant and admin pages of a store on its own domain to BASE_URL', () => {
    const urls = canonicalStoreUrls(store, platform, routed)
    expect(urls.path('merchantLogin')).toBe('https://rewardflow.lu/merchant/login')
    expect(canonicalPlatformUrls(routed).absolute('adminMailbox')).toBe(
      'https://rewardflow.lu/admin/mailbox',
    )
  })
})
