import type { Knex } from 'knex'
import { AppError } from '../../errors.ts'
import { classifyCustomerSearch } from '../../../shared/customer-search.ts'
import type {
  CustomerRecord,
  CustomerSearchPage,
  CustomerSearchQuery,
} from '../../../shared/schemas/customer-api.ts'
import { loadCardDetail } from '../queries.ts'
import type { CustomerThing } from '../../policies/customers.ts'
import {
  presentCustomerListItem,
  presentCustomerRecord,
  presentMerchantEntry,
  type CustomerListRow,
  type MerchantEntryRow,
  type MerchantLedgerEntry,
  type StoreVisit,
} from './customer-presenters.ts'

/** `LIKE` patterns match `%` and `_`; a typed one is meant literally. */
const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * One page of the merchant's members matching the search (docs/decisions.md "Customer search by
 * exact keys and prefixes"): a card number exactly, an email or a name by its beginning (in
 * that order, so the prefix index both finds and sorts), a phone by its digits; else the
 * newest members first. Filters: home store, active within 30 or 90 days, marketing consent.
 * A number with a wrong check digit is INVALID_CARD_NUMBER (the page says so).
 */
export const searchCustomers = async (
  db: Knex,
  merchantId: string,
  query: CustomerSearchQuery,
): Promise<CustomerSearchPage> => {
  const search = classifyCustomerSearch(query.query)
  if (search.kind === 'invalid_number')
    throw new AppError('INVALID_CARD_NUMBER', { reason: search.reason })
  const rows: CustomerListRow[] = await db('cards as c')
    .join('customers as cu', 'cu.id', 'c.customer_id')
    .join('programmes as p', 'p.id', 'c.programme_id')
    .leftJoin('stores as s', 's.id', 'c.enrolled_store_id')
    .where('c.merchant_id', merchantId)
    .modify((q) => {
      switch (search.kind) {
        case 'number':
          q.where('c.number', search.number)
          break
        case 'email':
          q.where('cu.merchant_id', merchantId)
            .whereRaw(`lower(cu.email) COLLATE "C" LIKE ? ESCAPE '\\'`, [likePrefix(search.prefix)])
            .orderByRaw('lower(cu.email) COLLATE "C", cu.id')
          break
        case 'name':
          q.where('cu.merchant_id', merchantId)
            .whereRaw(`lower(cu.name) COLLATE "C" LIKE ? ESCAPE '\\'`, [likePrefix(search.prefix)])
            .orderByRaw('lower(cu.name) COLLATE "C", cu.id')
          break
        case 'phone':
          q.where('cu.merchant_id', merchantId).whereRaw(
            `regexp_replace(cu.phone, '[^0-9+]', '', 'g') = ?`,
            [search.digits],
          )
          break
        case 'all':
          break
      }
      if (query.store_id) q.where('c.enrolled_store_id', query.store_id)
      if (query.active_within_days)
        q.whereRaw(`c.last_activity_at >= now() - make_interval(days => ?)`, [
          query.active_within_days,
        ])
      if (query.marketing_consent)
        q.where('cu.marketing_consent', query.marketing_consent === 'true')
    })
    .orderBy([
      { column: 'c.created_at', order: 'desc' },
      { column: 'c.id', order: 'desc' },
    ])
    .limit(query.per_page + 1)
    .offset((query.page - 1) * query.per_page)
    .select(
      'c.number',
      'c.status',
      'c.points_balance',
      'c.stamps_balance',
      'c.enrolled_store_id',
      'c.last_activity_at',
      'c.created_at',
      'cu.id as customer_id',
      'cu.name',
      'cu.email',
      'cu.phone',
      'cu.marketing_consent',
      'cu.anonymized_at',
      'p.type as programme_type',
      's.name as home_store_name',
    )
  return {
    data: rows.slice(0, query.per_page).map(presentCustomerListItem),
    meta: { page: query.page, per_page: query.per_page, has_more: rows.length > query.per_page },
  }
}

/** Which member a card number (or a customer id) names, as the policies judge it. */
export const findMember = async (
  db: Knex | Knex.Transaction,
  merchantId: string,
  which: { number: string } | { customerId: string },
): Promise<CustomerThing & { customerId: string; cardNumber: string; cardId: string }> => {
  const row = await db('cards')
    .where('merchant_id', merchantId)
    .where('number' in which ? { number: which.number } : { customer_id: which.customerId })
    .first<
      | { id: string; number: string; customer_id: string; enrolled_store_id: string | null }
      | undefined
    >('id', 'number', 'customer_id', 'enrolled_store_id')
  if (!row) throw new AppError('number' in which ? 'CARD_NOT_FOUND' : 'CUSTOMER_NOT_FOUND')
  return {
    merchantId,
    homeStoreId: row.enrolled_store_id,
    customerId: row.customer_id,
    cardNumber: row.number,
    cardId: row.id,
  }
}

/** A member as the merchant sees them (the card detail with the customer's version). */
export const loadCustomerRecord = async (
  db: Knex,
  merchantId: string,
  number: string,
): Promise<CustomerRecord> => {
  const detail = await loadCardDetail(db, merchantId, number)
  const extra = await db('cards as c')
    .join('customers as cu', 'cu.id', 'c.customer_id')
    .leftJoin('stores as s', 's.id', 'c.enrolled_store_id')
    .where('c.id', detail.id)
    .first('cu.version', 'cu.anonymized_at', 'c.enrolled_store_id', 's.name as home_store_name')
  return presentCustomerRecord(detail, extra)
}

/** The stores a card was used in, most visits first, with the last visit. */
export const loadStoreVisits = async (db: Knex, cardId: string): Promise<StoreVisit[]> => {
  const rows = await db('ledger_entries as e')
    .join('stores as s', 's.id', 'e.store_id')
    .where('e.card_id', cardId)
    .groupBy('s.id', 's.name', 's.code')
    .orderByRaw('count(*) DESC, s.name')
    .select(
      's.name',
      's.code',
      db.raw('count(*)::int AS visits'),
      db.raw('max(e.occurred_at) AS last_at'),
    )
  return rows.map((row: { name: string; code: string; visits: number; last_at: Date }) => ({
    store_name: row.name,
    store_code: row.code,
    visits: row.visits,
    last_visit_at: new Date(row.last_at).toISOString(),
  }))
}

/**
 * One page of a card's ledger as the merchant reads it: with the store, kiosk, cashier and
 * category by name (the API's history names ids), newest first; one row more tells a next page.
 */
export const loadMerchantHistory = async (
  db: Knex,
  cardId: string,
  page: { page: number; per_page: number },
): Promise<{ entries: MerchantLedgerEntry[]; hasMore: boolean }> => {
  const rows: MerchantEntryRow[] = await db('ledger_entries as e')
    .leftJoin('stores as s', 's.id', 'e.store_id')
    .leftJoin('kiosks as k', 'k.id', 'e.device_id')
    .leftJoin('staff as st', 'st.id', 'e.staff_id')
    .leftJoin('transaction_categories as tc', 'tc.id', 'e.category_id')
    .leftJoin('rewards as r', 'r.id', 'e.reward_id')
    .where('e.card_id', cardId)
    .orderBy([
      { column: 'e.occurred_at', order: 'desc' },
      { column: 'e.recorded_at', order: 'desc' },
      { column: 'e.id', order: 'desc' },
    ])
    .limit(page.per_page + 1)
    .offset((page.page - 1) * page.per_page)
    .select(
      'e.*',
      's.code as store_code',
      's.name as store_name',
      'k.name as kiosk_name',
      'st.name as staff_name',
      'tc.name as category_name',
      'r.name as reward_name',
    )
  return {
    entries: rows.slice(0, page.per_page).map(presentMerchantEntry),
    hasMore: rows.length > page.per_page,
  }
}
