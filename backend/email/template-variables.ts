import type { EmailTemplate, EmailVariables } from './queue-email.ts'

/** The branding every email is rendered with, from its store (or merchant, or platform). */
export type BrandingVariables = {
  platform_name: string
  /** The store's logo (https), or empty: templates show it under {{#if logo_url}}. */
  logo_url: string
  /** A CSS hex colour, checked before it reaches a style attribute. */
  brand_color: string
  /** The store's home page at its canonical URL (canonicalStoreUrls), or the platform's. */
  storefront_url: string
}

export const BRANDING_VARIABLES = [
  'platform_name',
  'logo_url',
  'brand_color',
  'storefront_url',
] as const satisfies readonly (keyof BrandingVariables)[]

/**
 * Links the sender builds at send time from the email's store at its canonical URL
 * (canonicalStoreUrls), so that callers without a request (a kiosk or API enrollment, a sweep)
 * pass ids only and every link follows the store's current domain.
 */
export type LinkVariables = {
  enrollment: {
    /** The card's QR payload (its URL on the store's site); the email shows it as an image. */
    card_url: string
    account_url: string
    /** The card's Apple Wallet pass (/account/card.pkpass: a signed-out member logs in first). */
    apple_wallet_url: string
    /**
     * The click-time "Save to Google Wallet" route of the store (it signs the save link when
     * followed, so the email never holds a stale one); empty while no issuer is configured.
     */
    google_wallet_url: string
  }
  welcome_bonus: { account_url: string }
  reward_ready: { account_url: string }
  points_expiring: { account_url: string }
}

export const LINK_VARIABLES = {
  enrollment: ['card_url', 'account_url', 'google_wallet_url', 'apple_wallet_url'],
  welcome_bonus: ['account_url'],
  reward_ready: ['account_url'],
  points_expiring: ['account_url'],
} as const satisfies { [C in keyof LinkVariables]: readonly (keyof LinkVariables[C])[] }

/** The links of template `code` (none for password reset and invitation: the caller's). */
export const linkVariables = (code: EmailTemplate): readonly string[] =>
  code in LINK_VARIABLES ? LINK_VARIABLES[code as keyof LinkVariables] : []

/** The `cid:` of the enrollment email's QR image (an inline attachment of the same message). */
export const CARD_QR_CID = 'card-qr@rewardflow'

const CALLER_VARIABLES = {
  enrollment: ['customer_name', 'store_name', 'card_number', 'welcome_bonus', 'stamps'],
  welcome_bonus: ['customer_name', 'store_name', 'welcome_bonus', 'stamps'],
  reward_ready: ['customer_name', 'store_name', 'reward_name', 'balance', 'stamps'],
  points_expiring: ['customer_name', 'store_name', 'points', 'expiry_date'],
  password_reset: ['reset_url', 'store_name', 'customer_name', 'valid_minutes'],
  staff_invitation: [
    'invitee_name',
    'inviter_name',
    'merchant_name',
    'store_name',
    'accept_url',
    'valid_days',
  ],
  merchant_alert: ['owner_name', 'merchant_name', 'store_name', 'alert_kind', 'alerts_url'],
  webhook_disabled: ['owner_name', 'merchant_name', 'store_name', 'endpoint_url', 'webhooks_url'],
} as const satisfies { [C in EmailTemplate]: readonly (keyof EmailVariables[C])[] }

// Compile-time check: each list above names every variable of its EmailVariables entry.
type Unlisted = {
  [C in EmailTemplate]: Exclude<keyof EmailVariables[C], (typeof CALLER_VARIABLES)[C][number]>
}
export const _everyVariableListed: Unlisted[EmailTemplate] extends never ? true : never = true

/** Every template code, in the order the admin pages list them. */
export const EMAIL_TEMPLATES = Object.keys(CALLER_VARIABLES) as EmailTemplate[]

export const isEmailTemplate = (value: unknown): value is EmailTemplate =>
  typeof value === 'string' && (EMAIL_TEMPLATES as readonly string[]).includes(value)

/** The variables a template of `code` may use: the caller's, the branding, the sender's own. */
export const declaredVariables = (code: EmailTemplate): readonly string[] => [
  ...CALLER_VARIABLES[code],
  ...linkVariables(code),
  ...BRANDING_VARIABLES,
  ...(code === 'enrollment' ? ['card_qr_src'] : []),
]

/** The caller's variables and the links of template C: what a preview renders with. */
export type SampleVariables<C extends EmailTemplate> = EmailVariables[C] &
  (C extends keyof LinkVariables ? LinkVariables[C] : unknown)

/** Sample values for previews and tests (the template editor's "preview with sample data"). */
export const SAMPLE_VARIABLES: { [C in EmailTemplate]: SampleVariables<C> } = {
  enrollment: {
    customer_name: 'Léa Müller',
    store_name: 'FashionHub',
    card_number: 'RF-2026-0001-7',
    card_url: 'https://fashionhub.rewardflow.lu/c/RF-2026-0001-7',
    account_url: 'https://fashionhub.rewardflow.lu/account',
    apple_wallet_url: 'https://fashionhub.rewardflow.lu/account/card.pkpass',
    google_wallet_url: 'https://fashionhub.rewardflow.lu/account/card/google-wallet',
    welcome_bonus: 50,
    stamps: false,
  },
  welcome_bonus: {
    customer_name: 'Léa Müller',
    store_name: 'FashionHub',
    welcome_bonus: 50,
    stamps: false,
    account_url: 'https://fashionhub.rewardflow.lu/account',
  },
  reward_ready: {
    customer_name: 'Léa Müller',
    store_name: 'FashionHub',
    reward_name: 'Bon de 10 €',
    balance: 120,
    stamps: false,
    account_url: 'https://fashionhub.rewardflow.lu/account',
  },
  points_expiring: {
    customer_name: 'Léa Müller',
    store_name: 'FashionHub',
    points: 80,
    expiry_date: '31/12/2026',
    account_url: 'https://fashionhub.rewardflow.lu/account',
  },
  password_reset: {
    reset_url: 'https://fashionhub.rewardflow.lu/password/reset/sample-token',
    store_name: 'FashionHub',
    customer_name: 'Léa Müller',
    valid_minutes: 60,
  },
  staff_invitation: {
    invitee_name: 'Jérôme Weber',
    inviter_name: 'Anne Schmit',
    merchant_name: 'Fashion Group S.A.',
    store_name: 'FashionHub',
    accept_url: 'https://rewardflow.lu/merchant/login',
    valid_days: 7,
  },
  merchant_alert: {
    owner_name: 'Anne Schmit',
    merchant_name: 'Fashion Group S.A.',
    store_name: 'FashionHub',
    alert_kind: 'Kiosk silent',
    alerts_url: 'https://rewardflow.lu/merchant/alerts',
  },
  webhook_disabled: {
    owner_name: 'Anne Schmit',
    merchant_name: 'Fashion Group S.A.',
    store_name: 'FashionHub',
    endpoint_url: 'https://crm.example.com/rewardflow',
    webhooks_url: 'https://rewardflow.lu/merchant/webhooks',
  },
}

export const SAMPLE_BRANDING: BrandingVariables = {
  platform_name: 'RewardFlow',
  logo_url: '',
  brand_color: '#1f5f8b',
  storefront_url: 'https://fashionhub.rewardflow.lu/',
}
