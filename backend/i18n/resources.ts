import type account from '../../locales/en/account.json'
import type admin from '../../locales/en/admin.json'
import type auth from '../../locales/en/auth.json'
import type common from '../../locales/en/common.json'
import type email_admin from '../../locales/en/email_admin.json'
import type email_settings from '../../locales/en/email_settings.json'
import type errors from '../../locales/en/errors.json'
import type kiosk from '../../locales/en/kiosk.json'
import type merchant from '../../locales/en/merchant.json'
import type smtp from '../../locales/en/smtp.json'
import type storefront from '../../locales/en/storefront.json'
import type back_office from '../../locales/en/back_office.json'
import type wallet_apple from '../../locales/en/wallet_apple.json'
import type wallet from '../../locales/en/wallet.json'
import type webhooks from '../../locales/en/webhooks.json'

// The keys of every namespace, typed from the English files (every language has the same keys:
// the locales test). i18next reads them through CustomTypeOptions, so `t()` with a key that is
// not there fails the type check.

export type Resources = {
  account: typeof account
  admin: typeof admin
  auth: typeof auth
  common: typeof common
  email_admin: typeof email_admin
  email_settings: typeof email_settings
  errors: typeof errors
  kiosk: typeof kiosk
  merchant: typeof merchant
  smtp: typeof smtp
  storefront: typeof storefront
  back_office: typeof back_office
  wallet_apple: typeof wallet_apple
  wallet: typeof wallet
  webhooks: typeof webhooks
}

export type Namespace = keyof Resources

/** The namespaces the type knows, for the test that compares them with locales/en. */
export const TYPED_NAMESPACES = [
  'account',
  'admin',
  'auth',
  'common',
  'email_admin',
  'email_settings',
  'errors',
  'kiosk',
  'merchant',
  'smtp',
  'storefront',
  'back_office',
  'wallet_apple',
  'wallet',
  'webhooks',
] as const satisfies readonly Namespace[]

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common'
    resources: Resources
  }
}
