/**
 * Every page a link, redirect, email or QR code can point to, by name. Storefront pages live
 * under a store (its own host, or /s/<code> on the platform's host); merchant and admin pages
 * live on the platform's host only.
 */
export const PAGES = {
  home: { surface: 'storefront', pattern: '/' },
  join: { surface: 'storefront', pattern: '/join' },
  joinDone: { surface: 'storefront', pattern: '/join/done' },
  login: { surface: 'storefront', pattern: '/login' },
  logout: { surface: 'storefront', pattern: '/logout' },
  forgotPassword: { surface: 'storefront', pattern: '/password/forgot' },
  resetPassword: { surface: 'storefront', pattern: '/password/reset/:token' },
  account: { surface: 'storefront', pattern: '/account' },
  card: { surface: 'storefront', pattern: '/account/card' },
  history: { surface: 'storefront', pattern: '/account/history' },
  profile: { surface: 'storefront', pattern: '/account/profile' },
  exportData: { surface: 'storefront', pattern: '/account/export' },
  deleteAccount: { surface: 'storefront', pattern: '/account/delete' },
  language: { surface: 'storefront', pattern: '/language' },
  cardQr: { surface: 'storefront', pattern: '/account/card.svg' },
  cardPass: { surface: 'storefront', pattern: '/account/card.pkpass' },
  platformHome: { surface: 'merchant', pattern: '/' },
  merchantLogin: { surface: 'merchant', pattern: '/merchant/login' },
  merchantLogout: { surface: 'merchant', pattern: '/merchant/logout' },
  merchantDashboard: { surface: 'merchant', pattern: '/merchant' },
  merchantLanguage: { surface: 'merchant', pattern: '/merchant/language' },
  merchantInvitations: { surface: 'merchant', pattern: '/merchant/invitations' },
  merchantInvitation: { surface: 'merchant', pattern: '/merchant/invitation/:token' },
  merchantKiosks: { surface: 'merchant', pattern: '/merchant/kiosks' },
  merchantKioskCode: { surface: 'merchant', pattern: '/merchant/kiosks/code' },
  merchantKioskRevoke: { surface: 'merchant', pattern: '/merchant/kiosks/revoke' },
  merchantProgramme: { surface: 'merchant', pattern: '/merchant/programme' },
  merchantProgrammeStatus: { surface: 'merchant', pattern: '/merchant/programme/status' },
  merchantRewards: { surface: 'merchant', pattern: '/merchant/rewards' },
  merchantReward: { surface: 'merchant', pattern: '/merchant/rewards/:id' },
  merchantStaff: { surface: 'merchant', pattern: '/merchant/staff' },
  merchantStaffPin: { surface: 'merchant', pattern: '/merchant/staff/pin' },
  merchantStaffUnlock: { surface: 'merchant', pattern: '/merchant/staff/unlock' },
  merchantStaffDeactivate: { surface: 'merchant', pattern: '/merchant/staff/deactivate' },
  merchantCategories: { surface: 'merchant', pattern: '/merchant/categories' },
  merchantCategory: { surface: 'merchant', pattern: '/merchant/categories/:id' },
  merchantSettings: { surface: 'merchant', pattern: '/merchant/settings' },
  merchantTeam: { surface: 'merchant', pattern: '/merchant/team' },
  merchantTeamMember: { surface: 'merchant', pattern: '/merchant/team/member' },
  merchantTeamRemove: { surface: 'merchant', pattern: '/merchant/team/remove' },
  merchantApiKeys: { surface: 'merchant', pattern: '/merchant/api-keys' },
  merchantApiKeyRevoke: { surface: 'merchant', pattern: '/merchant/api-keys/revoke' },
  merchantWebhooks: { surface: 'merchant', pattern: '/merchant/webhooks' },
  merchantWebhook: { surface: 'merchant', pattern: '/merchant/webhooks/:id' },
  merchantWebhookReplay: { surface: 'merchant', pattern: '/merchant/webhooks/:id/replay' },
  adminLogin: { surface: 'admin', pattern: '/admin/login' },
  adminLogout: { surface: 'admin', pattern: '/admin/logout' },
  adminDashboard: { surface: 'admin', pattern: '/admin' },
  adminLanguage: { surface: 'admin', pattern: '/admin/language' },
  adminMailbox: { surface: 'admin', pattern: '/admin/mailbox' },
  adminMailboxMessage: { surface: 'admin', pattern: '/admin/mailbox/:id' },
  adminEmails: { surface: 'admin', pattern: '/admin/emails' },
  adminEmail: { surface: 'admin', pattern: '/admin/emails/:id' },
  adminEmailResend: { surface: 'admin', pattern: '/admin/emails/:id/resend' },
  adminEmailSettings: { surface: 'admin', pattern: '/admin/email/settings' },
  adminEmailDiagnostics: { surface: 'admin', pattern: '/admin/email/diagnostics' },
  adminEmailTest: { surface: 'admin', pattern: '/admin/email/test' },
  adminEmailTemplates: { surface: 'admin', pattern: '/admin/email/templates' },
  adminEmailTemplate: { surface: 'admin', pattern: '/admin/email/templates/:code/:language' },
  adminRouting: { surface: 'admin', pattern: '/admin/routing' },
  adminWalletApple: { surface: 'admin', pattern: '/admin/wallet/apple' },
  adminWalletAppleDiagnostics: { surface: 'admin', pattern: '/admin/wallet/apple/diagnostics' },
  merchantStores: { surface: 'merchant', pattern: '/merchant/stores' },
  merchantStore: { surface: 'merchant', pattern: '/merchant/stores/:id' },
  merchantCustomers: { surface: 'merchant', pattern: '/merchant/customers' },
  merchantCustomer: { surface: 'merchant', pattern: '/merchant/customers/:number' },
  merchantCustomerAdjust: { surface: 'merchant', pattern: '/merchant/customers/:number/adjust' },
  merchantCustomerReverse: { surface: 'merchant', pattern: '/merchant/customers/:number/reverse' },
  merchantCustomerBlock: { surface: 'merchant', pattern: '/merchant/customers/:number/block' },
  merchantCustomerWelcome: { surface: 'merchant', pattern: '/merchant/customers/:number/welcome' },
  merchantCustomerExport: { surface: 'merchant', pattern: '/merchant/customers/:number/export' },
  merchantCustomerAnonymize: {
    surface: 'merchant',
    pattern: '/merchant/customers/:number/anonymize',
  },
  merchantReview: { surface: 'merchant', pattern: '/merchant/review' },
  merchantReviewApply: { surface: 'merchant', pattern: '/merchant/review/:id/apply' },
  merchantReviewDismiss: { surface: 'merchant', pattern: '/merchant/review/:id/dismiss' },
  merchantActivity: { surface: 'merchant', pattern: '/merchant/activity' },
  merchantLoginCode: { surface: 'merchant', pattern: '/merchant/login/code' },
  merchantSecurity: { surface: 'merchant', pattern: '/merchant/security' },
  adminLoginCode: { surface: 'admin', pattern: '/admin/login/code' },
  adminLoginEnrol: { surface: 'admin', pattern: '/admin/login/enrol' },
  adminInvitation: { surface: 'admin', pattern: '/admin/invitation/:token' },
  adminAdmins: { surface: 'admin', pattern: '/admin/admins' },
  adminAdminDeactivate: { surface: 'admin', pattern: '/admin/admins/deactivate' },
  adminPlatforms: { surface: 'admin', pattern: '/admin/platforms' },
  adminMerchants: { surface: 'admin', pattern: '/admin/merchants' },
  adminMerchant: { surface: 'admin', pattern: '/admin/merchants/:id' },
  adminMerchantStatus: { surface: 'admin', pattern: '/admin/merchants/:id/status' },
  adminMerchantInvite: { surface: 'admin', pattern: '/admin/merchants/:id/invite' },
  adminStores: { surface: 'admin', pattern: '/admin/merchants/:id/stores' },
  adminStore: { surface: 'admin', pattern: '/admin/stores/:id' },
  adminStoreOpen: { surface: 'admin', pattern: '/admin/stores/:id/open' },
  adminAudit: { surface: 'admin', pattern: '/admin/audit' },
  adminAuditCsv: { surface: 'admin', pattern: '/admin/audit.csv' },
  merchantAlerts: { surface: 'merchant', pattern: '/merchant/alerts' },
  merchantAnalytics: { surface: 'merchant', pattern: '/merchant/analytics' },
  merchantAnalyticsCsv: { surface: 'merchant', pattern: '/merchant/analytics/:view.csv' },
  merchantAlertAcknowledge: { surface: 'merchant', pattern: '/merchant/alerts/:id/acknowledge' },
  googleWalletSave: { surface: 'storefront', pattern: '/account/card/google-wallet' },
  adminWallet: { surface: 'admin', pattern: '/admin/wallet' },
  adminWalletDiagnostics: { surface: 'admin', pattern: '/admin/wallet/diagnostics' },
  merchantExports: { surface: 'merchant', pattern: '/merchant/exports' },
  merchantExportFile: { surface: 'merchant', pattern: '/merchant/exports/:file' },
  merchantImports: { surface: 'merchant', pattern: '/merchant/imports' },
  merchantImport: { surface: 'merchant', pattern: '/merchant/imports/:id' },
  merchantImportRun: { surface: 'merchant', pattern: '/merchant/imports/:id/run' },
} as const satisfies Record<string, { surface: Surface; pattern: `/${string}` }>

export type Surface = 'storefront' | 'merchant' | 'admin'

export type PageName = keyof typeof PAGES

/** The pages of a store's storefront (the rest live on the platform's host). */
export type StorefrontPageName = {
  [N in PageName]: (typeof PAGES)[N]['surface'] extends 'storefront' ? N : never
}[PageName]

export const isStorefrontPage = (name: PageName): name is StorefrontPageName =>
  PAGES[name].surface === 'storefront'

export const PAGE_NAMES = Object.keys(PAGES) as PageName[]

/** `:view.csv` names the parameter `view`: a name ends at a slash or a dot. */
type ParamName<S extends string> = S extends `${infer Name}.${string}` ? Name : S

type ParamNames<P extends string> = P extends `${string}:${infer Rest}`
  ? Rest extends `${infer Name}/${infer Tail}`
    ? ParamName<Name> | ParamNames<`/${Tail}`>
    : ParamName<Rest>
  : never

/** The `:name` parameters of a page's pattern, e.g. `{ token: string }` for resetPassword. */
export type PageParams<N extends PageName> = {
  [K in ParamNames<(typeof PAGES)[N]['pattern']>]: string
}

export type QueryValue = string | number | boolean | null | undefined
export type Query = Record<string, QueryValue | readonly QueryValue[]>

/** The arguments after the page name: params are required exactly when the pattern has some. */
export type PageArgs<N extends PageName> =
  ParamNames<(typeof PAGES)[N]['pattern']> extends never
    ? [params?: Record<string, never> | null, query?: Query]
    : [params: PageParams<N>, query?: Query]

/** The page's path with its parameters filled in (encoded) and the query appended. */
export const fillPattern = (
  name: PageName,
  params?: Record<string, string> | null,
  query?: Query,
) => {
  const path = PAGES[name].pattern.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_match, key: string) => {
    const value = params?.[key]
    if (value === undefined || value === '')
      throw new Error(`page ${name} needs the :${key} parameter`)
    return encodeURIComponent(value)
  })
  return path + queryString(query)
}

const queryString = (query: Query | undefined) => {
  if (!query) return ''
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== null && item !== undefined) search.append(key, String(item))
    }
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}
