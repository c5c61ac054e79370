import { qrPng } from './qr-png.ts'
import type { Config } from '../config.ts'
import type { Queryable } from '../db/transaction.ts'
import { DEFAULT_LANGUAGE, type Language } from '../../shared/languages.ts'
import { canonicalStoreUrls, type SiteUrls } from '../web/site/urls.ts'
import { cardQrPayload } from '../../shared/scan-payload.ts'
import { isGoogleWalletReady } from '../wallet/google/google-wallet-settings.ts'
import { findEmailTemplate } from './email-templates.ts'
import type { EmailTemplate } from './queue-email.ts'
import type { TemplateParts } from './template-files.ts'
import { LOGO_PREFIX } from '../tenancy/store-logo.ts'
import { EmailTemplateError, renderTemplate, type TemplateValue } from './template-engine.ts'
import {
  CARD_QR_CID,
  declaredVariables,
  isEmailTemplate,
  linkVariables,
  type BrandingVariables,
} from './template-variables.ts'

export const DEFAULT_BRAND_COLOR = '#1f5f8b'

export type InlineImage = { cid: string; filename: string; contentType: string; content: Buffer }

export type RenderedEmail = {
  subject: string
  html: string
  text: string
  /** Images the HTML shows through `cid:` links (attached inline to the same message). */
  inlineImages: InlineImage[]
  /** The name recipients see as the sender (the store's, the merchant's or the platform's). */
  senderName: string
  language: Language
}

/** What the sender needs of an `outbound_emails` row. */
export type OutboundEmailRow = {
  id: string
  merchant_id: string | null
  store_id: string | null
  template: string
  language: Language
  variables: Record<string, unknown>
}

const HEX_COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/

const httpUrl = (value: string | null | undefined): string => {
  if (!value) return ''
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : ''
  } catch {
    return ''
  }
}

/**
 * The branding of an email: its store's (name, logo, colour, storefront at its canonical URL),
 * else its merchant's, else the platform's. Logo and colour are checked here, so a bad value
 * entered by a merchant cannot break out of an attribute.
 */
export const emailBranding = async (
  db: Queryable,
  config: Pick<Config, 'baseUrl' | 'hostRouting'>,
  email: Pick<OutboundEmailRow, 'merchant_id' | 'store_id'>,
): Promise<BrandingVariables & { brandName: string; storeUrls: SiteUrls | null }> => {
  const store = email.store_id
    ? await db('stores as s')
        .join('merchants as m', 'm.id', 's.merchant_id')
        .join('platforms as p', 'p.id', 'm.platform_id')
        .where('s.id', email.store_id)
        .first(
          's.code',
          's.name',
          's.subdomain',
          's.custom_domain',
          's.logo_url',
          's.brand_color',
          'p.name as platform_name',
          'p.base_domain',
        )
    : undefined
  if (store) {
    const storeUrls = canonicalStoreUrls(store, store, config)
    return {
      storeUrls,
      brandName: store.name,
      platform_name: store.platform_name,
      // A logo uploaded on the Stores page is a hashed path on this server (/media/logos/…).
      logo_url: httpUrl(
        store.logo_url?.startsWith(LOGO_PREFIX)
          ? new URL(store.logo_url, config.baseUrl).href
          : store.logo_url,
      ),
      brand_color: HEX_COLOUR.test(store.brand_color ?? '')
        ? store.brand_color
        : DEFAULT_BRAND_COLOR,
      storefront_url: storeUrls.absolute('home'),
    }
  }
  const merchant = email.merchant_id
    ? await db('merchants as m')
        .join('platforms as p', 'p.id', 'm.platform_id')
        .where('m.id', email.merchant_id)
        .first('m.name', 'p.name as platform_name')
    : undefined
  const platform = merchant ? undefined : await db('platforms').orderBy('created_at').first('name')
  return {
    storeUrls: null,
    brandName: merchant?.name ?? platform?.name ?? 'RewardFlow',
    platform_name: merchant?.platform_name ?? platform?.name ?? 'RewardFlow',
    logo_url: '',
    brand_color: DEFAULT_BRAND_COLOR,
    storefront_url: `${config.baseUrl}/`,
  }
}

/**
 * The links of an email (LINK_VARIABLES), built now from its store's canonical URLs: the
 * account page, and the card's own URL (its QR payload) for the enrollment email. Without a
 * store they fall back to the storefront link of the branding.
 */
export const emailLinks = (
  code: EmailTemplate,
  storeUrls: SiteUrls | null,
  fallback: string,
  variables: Record<string, unknown>,
  options: { googleWallet?: boolean } = {},
): Record<string, string> => {
  const links: Record<string, string> = {}
  for (const name of linkVariables(code)) {
    if (name === 'account_url') links[name] = storeUrls?.absolute('account') ?? fallback
    else if (name === 'apple_wallet_url') links[name] = storeUrls?.absolute('cardPass') ?? fallback
    else if (name === 'google_wallet_url')
      links[name] = options.googleWallet && storeUrls ? storeUrls.absolute('googleWalletSave') : ''
    else if (name === 'card_url') {
      links[name] = cardQrPayload(
        storeUrls?.absolute('home') ?? fallback,
        String(variables.card_number ?? ''),
      )
    }
  }
  return links
}

const checkValues = (code: EmailTemplate, values: Record<string, unknown>) => {
  const problems: string[] = []
  const checked: Record<string, TemplateValue> = {}
  for (const name of declaredVariables(code)) {
    const value = values[name]
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      problems.push(`no value for {{${name}}}`)
      continue
    }
    // Links must be web links: a javascript: or data: URL never reaches an href.
    if (name.endsWith('_url') && value !== '' && httpUrl(String(value)) === '')
      problems.push(`{{${name}}} is not an http(s) URL`)
    checked[name] = value
  }
  if (problems.length > 0)
    throw new EmailTemplateError(
      problems.map((message) => ({ kind: 'syntax' as const, message, offset: 0 })),
    )
  return checked
}

/**
 * Renders a template's parts with the given values: subject and text as they are, HTML with
 * every value escaped. The enrollment email's QR is an inline PNG (`cid:`), or a data: URL for
 * a preview in a browser.
 */
export const renderTemplateParts = async (
  code: EmailTemplate,
  parts: TemplateParts,
  values: Record<string, unknown>,
  options: { qr: 'inline' | 'data-url' } = { qr: 'inline' },
): Promise<Pick<RenderedEmail, 'subject' | 'html' | 'text' | 'inlineImages'>> => {
  const inlineImages: InlineImage[] = []
  const all: Record<string, unknown> = { ...values }
  if (code === 'enrollment') {
    const png = qrPng(String(values.card_url ?? ''))
    if (options.qr === 'inline') {
      inlineImages.push({
        cid: CARD_QR_CID,
        filename: 'card-qr.png',
        contentType: 'image/png',
        content: png,
      })
      all.card_qr_src = `cid:${CARD_QR_CID}`
    } else all.card_qr_src = `data:image/png;base64,${png.toString('base64')}`
  }
  const checked = checkValues(code, all)
  const declared = declaredVariables(code)
  const subject = renderTemplate(parts.subject, checked, { declared, mode: 'text' })
    .replace(/\s+/g, ' ')
    .trim()
  return {
    subject,
    html: renderTemplate(parts.html, checked, { declared, mode: 'html' }),
    text: renderTemplate(parts.text, checked, { declared, mode: 'text' }),
    // An admin may have taken the QR out of the HTML: then it is not attached either.
    inlineImages: parts.html.includes('card_qr_src') ? inlineImages : [],
  }
}

/**
 * An outbound email as it goes out: its stored template in its language (English when that
 * language has none), its variables, the branding of its store. Throws EmailTemplateError when
 * the template or the variables do not fit (a permanent failure: sending again would not help).
 */
export const renderOutboundEmail = async (
  db: Queryable,
  config: Pick<Config, 'baseUrl' | 'hostRouting'>,
  email: OutboundEmailRow,
): Promise<RenderedEmail> => {
  if (!isEmailTemplate(email.template))
    throw new EmailTemplateError([
      { kind: 'syntax', message: `no template is called ${email.template}`, offset: 0 },
    ])
  const code = email.template
  const template =
    (await findEmailTemplate(db, code, email.language)) ??
    (await findEmailTemplate(db, code, DEFAULT_LANGUAGE))
  if (!template)
    throw new EmailTemplateError([
      {
        kind: 'syntax',
        message: `the ${code} template is missing (run npm run email:templates)`,
        offset: 0,
      },
    ])
  const { brandName, storeUrls, ...branding } = await emailBranding(db, config, email)
  const rendered = await renderTemplateParts(code, template, {
    ...email.variables,
    ...emailLinks(code, storeUrls, branding.storefront_url, email.variables, {
      googleWallet: code === 'enrollment' && (await isGoogleWalletReady(db)),
    }),
    ...branding,
  })
  return { ...rendered, senderName: brandName, language: template.language }
}
