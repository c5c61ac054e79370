import type { Knex } from 'knex'
import { AppError } from '../errors.ts'
import { Card, Programme, Reward, type CardRow } from './models.ts'
import { Customer } from '../accounts/models.ts'
import {
  presentCardDetail,
  presentCardSummary,
  presentLedgerEntry,
  type EntryWithStore,
} from './presenters.ts'
import type {
  CardDetail,
  CardLookupQuery,
  CardSummary,
  LedgerEntryView,
} from '../../shared/schemas/loyalty-api.ts'

/** Cards of the merchant matching a number, an email (case-insensitive) or a phone. */
export const findCards = async (
  db: Knex,
  merchantId: string,
  query: CardLookupQuery,
): Promise<CardSummary[]> => {
  const rows = await db('cards as c')
    .join('customers as cu', 'cu.id', 'c.customer_id')
    .join('programmes as p', 'p.id', 'c.programme_id')
    .where('c.merchant_id', merchantId)
    .modify((q) => {
      if (query.number) q.where('c.number', query.number)
      if (query.email) q.whereRaw('lower(cu.email) = lower(?)', [query.email])
      if (query.phone)
        q.whereRaw(
          `regexp_replace(cu.phone, '[^0-9+]', '', 'g') = regexp_replace(?, '[^0-9+]', '', 'g')`,
          [query.phone],
        )
    })
    .orderBy('c.created_at')
    .limit(20)
    .select(
      'c.*',
      'cu.name as customer_name',
      'cu.email as customer_email',
      'p.type as programme_type',
    )
  return rows.map(
    (
      row: CardRow & {
        customer_name: string | null
        customer_email: string | null
        programme_type: 'points' | 'stamps'
      },
    ) =>
      presentCardSummary(
        row,
        { name: row.customer_name, email: row.customer_email },
        { type: row.programme_type },
      ),
  )
}

/**
 * A card (by number, or the customer's) with its customer, programme and rewards, as the kiosk
 * and the pages show it.
 */
export const loadCardDetail = async (
  db: Knex,
  merchantId: string,
  which: string | { customerId: string },
): Promise<CardDetail> => {
  const card = await Card.query(db).findOne(
    typeof which === 'string'
      ? { merchant_id: merchantId, number: which }
      : { merchant_id: merchantId, customer_id: which.customerId },
  )
  if (!card) throw new AppError('CARD_NOT_FOUND')
  const [customer, programme, rewards, store] = await Promise.all([
    Customer.query(db).findById(card.customer_id),
    Programme.query(db).findById(card.programme_id),
    Reward.query(db).where('programme_id', card.programme_id).orderBy(['position', 'cost']),
    card.enrolled_store_id
      ? db('stores').where('id', card.enrolled_store_id).first('code')
      : undefined,
  ])
  if (!customer || !programme) throw new AppError('CARD_NOT_FOUND')
  return presentCardDetail({
    card,
    customer,
    programme,
    rewards,
    enrolledStoreCode: store?.code ?? null,
  })
}

/** One page of a card's ledger, newest first, with store names. */
export const loadHistory = async (
  db: Knex,
  merchantId: string,
  number: string,
  page: { page: number; per_page: number },
): Promise<CardHistoryPage> => {
  const card = await db('cards').where({ merchant_id: merchantId, number }).first('id')
  if (!card) throw new AppError('CARD_NOT_FOUND')
  return loadCardHistory(db, card.id, page)
}

export type CardHistoryPage = {
  data: LedgerEntryView[]
  meta: { page: number; per_page: number; total: number; total_pages: number }
}

/**
 * One page of the card's ledger and the number of entries, in one statement (the count is a
 * window over the whole card, taken before the page is cut); a page past the end counts apart.
 */
export const loadCardHistory = async (
  db: Knex,
  cardId: string,
  page: { page: number; per_page: number },
): Promise<CardHistoryPage> => {
  const rows = await db('ledger_entries as e')
    .leftJoin('stores as s', 's.id', 'e.store_id')
    .where('e.card_id', cardId)
    .orderBy([
      { column: 'e.occurred_at', order: 'desc' },
      { column: 'e.recorded_at', order: 'desc' },
      { column: 'e.id', order: 'desc' },
    ])
    .limit(page.per_page)
    .offset((page.page - 1) * page.per_page)
    .select(
      'e.*',
      's.code as store_code',
      's.name as store_name',
      db.raw('count(*) OVER () AS history_total'),
    )
  const count =
    rows.length > 0
      ? Number(rows[0].history_total)
      : Number(
          (await db('ledger_entries').where('card_id', cardId).count({ total: '*' }).first())
            ?.total ?? 0,
        )
  return {
    data: rows.map(({ history_total: _total, ...row }) =>
      presentLedgerEntry(row as EntryWithStore),
    ),
    meta: {
      page: page.page,
      per_page: page.per_page,
      total: count,
      total_pages: Math.ceil(count / page.per_page),
    },
  }
}
