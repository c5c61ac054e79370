import type { Knex } from 'knex'
import type { Config } from '../../config.ts'
import { isLanguage, type Language, type LocalizedText } from '../../../shared/languages.ts'
import { cardQrPayload } from '../../../shared/scan-payload.ts'
import { canonicalStoreUrls } from '../../web/site/urls.ts'
import { LOGO_PREFIX } from '../../tenancy/store-logo.ts'
import type { WalletCard, WalletProgramme } from './payloads.ts'

// What the payload presenters need, read from the database: a programme with its merchant,
// active rewards and branding (the merchant's first open store: brand colour and logo), and a
// card with its holder and the URLs of its home store (QR payload, account link).

const DEFAULT_BRAND_COLOR = '#1f5f8b'
const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/

type ProgrammeRow = {
  id: string
  merchant_id: string
  type: 'points' | 'stamps'
  name: LocalizedText
  stamps_required: number | null
  merchant_name: string
  brand_color: string | null
  logo_url: string | null
  default_language: string | null
}

const PROGRAMMES = `
  SELECT p.id, p.merchant_id, p.type, p.name, p.stamps_required, m.name AS merchant_name,
         s.brand_color, s.logo_url, s.default_language
    FROM programmes p
    JOIN merchants m ON m.id = p.merchant_id
    LEFT JOIN LATERAL (
      SELECT brand_color, logo_url, default_language FROM stores
       WHERE merchant_id = p.merchant_id ORDER BY active DESC, created_at, code LIMIT 1
    ) s ON true
   WHERE p.status IN ('active', 'paused')`

const absoluteLogo = (logo: string | null, config: Pick<Config, 'baseUrl'>) =>
  logo?.startsWith(LOGO_PREFIX) ? new URL(logo, config.baseUrl).href : logo

/** The live programmes (of one merchant, or all) as the class presenter takes them. */
export const loadWalletProgrammes = async (
  db: Knex,
  config: Pick<Config, 'baseUrl'>,
  defaultLogoUrl: string | null,
  filter: { merchantId?: string; programmeId?: string } = {},
): Promise<(WalletProgramme & { merchantId: string })[]> => {
  const where: string[] = []
  const bindings: string[] = []
  if (filter.merchantId) {
    where.push('p.merchant_id = ?')
    bindings.push(filter.merchantId)
  }
  if (filter.programmeId) {
    where.push('p.id = ?')
    bindings.push(filter.programmeId)
  }
  const { rows } = await db.raw<{ rows: ProgrammeRow[] }>(
    `${PROGRAMMES}${where.map((w) => ` AND ${w}`).join('')} ORDER BY p.created_at`,
    bindings,
  )
  if (rows.length === 0) return []
  const rewards = await db('rewards')
    .whereIn(
      'programme_id',
      rows.map((row) => row.id),
    )
    .andWhere('active', true)
    .select<{ programme_id: string; name: LocalizedText; cost: number }[]>(
      'programme_id',
      'name',
      'cost',
    )
  return rows.map((row) => ({
    id: row.id,
    merchantId: row.merchant_id,
    merchantName: row.merchant_name,
    type: row.type,
    name: row.name,
    stampsRequired: row.stamps_required,
    rewards: rewards
      .filter((reward) => reward.programme_id === row.id)
      .map((reward) => ({ name: reward.name, cost: reward.cost })),
    brandColor: HEX_COLOUR.test(row.brand_color ?? '') ? row.brand_color! : DEFAULT_BRAND_COLOR,
    logoUrl: absoluteLogo(row.logo_url, config) || defaultLogoUrl || '',
    defaultLanguage: isLanguage(row.default_language) ? row.default_language : 'en',
  }))
}

type CardRow = {
  id: string
  number: string
  status: 'active' | 'blocked'
  points_balance: number
  stamps_balance: number
  programme_id: string
  holder: string | null
  anonymized_at: Date | null
  preferred_language: string | null
  code: string
  subdomain: string | null
  custom_domain: string | null
  default_language: string
  base_domain: string
}

const CARD = `
  SELECT c.id, c.number, c.status, c.points_balance, c.stamps_balance, c.programme_id,
         cu.name AS holder, cu.anonymized_at, cu.preferred_language,
         s.code, s.subdomain, s.custom_domain, s.default_language, pl.base_domain
    FROM cards c
    JOIN customers cu ON cu.id = c.customer_id
    JOIN merchants m ON m.id = c.merchant_id
    JOIN platforms pl ON pl.id = m.platform_id
    JOIN LATERAL (
      SELECT code, subdomain, custom_domain, default_language FROM stores
       WHERE merchant_id = c.merchant_id
       ORDER BY (id = c.enrolled_store_id) DESC, active DESC, created_at, code LIMIT 1
    ) s ON true
   WHERE c.merchant_id = ? AND c.id = ?`

/** A card as the object presenter takes it, with its programme's id; null if none. */
export const loadWalletCard = async (
  db: Knex | Knex.Transaction,
  config: Pick<Config, 'baseUrl' | 'hostRouting'>,
  merchantId: string,
  cardId: string,
): Promise<(WalletCard & { programmeId: string }) | null> => {
  const { rows } = await db.raw<{ rows: CardRow[] }>(CARD, [merchantId, cardId])
  const row = rows[0]
  if (!row) return null
  const urls = canonicalStoreUrls(row, row, config)
  const language: Language = isLanguage(row.preferred_language)
    ? row.preferred_language
    : isLanguage(row.default_language)
      ? row.default_language
      : 'en'
  return {
    id: row.id,
    programmeId: row.programme_id,
    number: row.number,
    holder: row.anonymized_at ? null : row.holder,
    pointsBalance: row.points_balance,
    stampsBalance: row.stamps_balance,
    expired: row.status === 'blocked' || row.anonymized_at !== null,
    qrPayload: cardQrPayload(urls.absolute('home'), row.number),
    accountUrl: urls.absolute('account'),
    language,
  }
}
