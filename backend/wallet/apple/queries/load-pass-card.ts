import type { Knex } from 'knex'
import type { CardDetail } from '../../../../shared/schemas/loyalty-api.ts'
import { AppError } from '../../../errors.ts'
import { loadCardDetail } from '../../../loyalty/queries.ts'

/** Everything a card's pass shows: the card (balance, next reward), its store and branding. */
export type PassCard = {
  merchantId: string
  card: CardDetail
  /** When the card last changed: the pass's Last-Modified. */
  updatedAt: Date
  store: {
    code: string
    name: string
    subdomain: string | null
    custom_domain: string | null
    brand_color: string | null
    default_language: string
    base_domain: string
    logo: Buffer | null
  }
}

/**
 * The card with its store (the one it was enrolled at, else the merchant's first active store)
 * and that store's logo bytes. NOT_FOUND style: CARD_NOT_FOUND when there is no such card.
 */
export const loadPassCard = async (
  db: Knex,
  ref: { merchantId: string; cardId: string },
): Promise<PassCard> => {
  const row = await db('cards as c')
    .join('merchants as m', 'm.id', 'c.merchant_id')
    .join('platforms as p', 'p.id', 'm.platform_id')
    .joinRaw(
      `JOIN LATERAL (
         SELECT s.* FROM stores s
          WHERE s.merchant_id = c.merchant_id
          ORDER BY (s.id = c.enrolled_store_id) DESC, s.active DESC, s.created_at
          LIMIT 1) s ON true`,
    )
    .leftJoin('store_logos as l', 'l.sha256', 's.logo_sha256')
    .where({ 'c.merchant_id': ref.merchantId, 'c.id': ref.cardId })
    .first<
      | {
          number: string
          updated_at: Date
          code: string
          name: string
          subdomain: string | null
          custom_domain: string | null
          brand_color: string | null
          default_language: string
          base_domain: string
          logo: Buffer | null
        }
      | undefined
    >(
      'c.number',
      'c.updated_at',
      's.code',
      's.name',
      's.subdomain',
      's.custom_domain',
      's.brand_color',
      's.default_language',
      'p.base_domain',
      'l.bytes as logo',
    )
  if (!row) throw new AppError('CARD_NOT_FOUND')
  const card = await loadCardDetail(db, ref.merchantId, row.number)
  const { number: _number, updated_at, ...store } = row
  return { merchantId: ref.merchantId, card, updatedAt: updated_at, store }
}
