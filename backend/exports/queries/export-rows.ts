import type { Knex } from 'knex'
import type { ExportKind } from '../../../shared/schemas/exports-api.ts'
import { cursorBatches } from '../../db/cursor.ts'
import { AppError } from '../../errors.ts'
import { DEFAULT_TIME_ZONE } from '../../i18n/error-message.ts'
import type { MerchantScope } from '../../policies/scope.ts'

/** What an export reads: its kind, and its filters resolved to store ids within reach. */
export type ExportSelection = {
  kind: ExportKind
  /** Store ids to keep (null: every store of the scope). */
  storeIds: string[] | null
  from?: string | undefined
  to?: string | undefined
}

/**
 * The stores of `codes` within the scope's reach, as ids; no codes: the scope's own stores (all
 * of the merchant's: null). A code that is not one of them is `store` `unknown_store`.
 */
export const resolveExportStores = async (
  db: Knex,
  scope: MerchantScope,
  codes: string[],
): Promise<string[] | null> => {
  if (codes.length === 0) return scope.storeIds
  const stores: { id: string; code: string }[] = await db('stores')
    .where('merchant_id', scope.merchantId)
    .whereIn('code', codes)
    .modify((q) => {
      if (scope.storeIds) void q.whereIn('id', scope.storeIds)
    })
    .select('id', 'code')
  if (stores.length < new Set(codes).size)
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'store', code: 'unknown_store' }] })
  return stores.map((s) => s.id)
}

export type CustomerExportRow = {
  customer_id: string
  email: string | null
  name: string | null
  phone: string | null
  birthday: string | null
  preferred_language: string | null
  marketing_consent: boolean
  card_number: string | null
  home_store: string | null
  created_at: Date
}

export type CardExportRow = {
  number: string
  status: string
  email: string | null
  name: string | null
  points_balance: number
  stamps_balance: number
  lifetime_points: number
  lifetime_stamps: number
  home_store: string | null
  created_at: Date
  last_activity_at: Date
}

export type LedgerExportRow = {
  id: string
  recorded_at: Date
  occurred_at: Date
  type: string
  status: string
  card_number: string
  points_delta: number
  stamps_delta: number
  points_balance_after: number
  stamps_balance_after: number
  amount_cents: number | null
  currency: string | null
  store: string | null
  reason: string | null
  reversal_of: string | null
}

const customersQuery = (db: Knex, merchantId: string, selection: ExportSelection) =>
  db('customers as cu')
    .leftJoin('cards as c', (j) =>
      j.on('c.customer_id', 'cu.id').andOn('c.merchant_id', 'cu.merchant_id'),
    )
    .leftJoin('stores as s', 's.id', 'c.enrolled_store_id')
    .where('cu.merchant_id', merchantId)
    .modify((q) => {
      if (selection.storeIds) void q.whereIn('c.enrolled_store_id', selection.storeIds)
    })
    .orderBy('cu.created_at')
    .select(
      'cu.id as customer_id',
      'cu.email',
      'cu.name',
      'cu.phone',
      'cu.birthday',
      'cu.preferred_language',
      'cu.marketing_consent',
      'c.number as card_number',
      's.code as home_store',
      'cu.created_at',
    )

const cardsQuery = (db: Knex, merchantId: string, selection: ExportSelection) =>
  db('cards as c')
    .join('customers as cu', 'cu.id', 'c.customer_id')
    .leftJoin('stores as s', 's.id', 'c.enrolled_store_id')
    .where('c.merchant_id', merchantId)
    .modify((q) => {
      if (selection.storeIds) void q.whereIn('c.enrolled_store_id', selection.storeIds)
    })
    .orderBy('c.created_at')
    .select(
      'c.number',
      'c.status',
      'cu.email',
      'cu.name',
      'c.points_balance',
      'c.stamps_balance',
      'c.lifetime_points',
      'c.lifetime_stamps',
      's.code as home_store',
      'c.created_at',
      'c.last_activity_at',
    )

const ledgerQuery = (db: Knex, merchantId: string, selection: ExportSelection) =>
  db('ledger_entries as e')
    .join('cards as c', 'c.id', 'e.card_id')
    .leftJoin('stores as s', 's.id', 'e.store_id')
    .where('e.merchant_id', merchantId)
    .modify((q) => {
      if (selection.storeIds) void q.whereIn('e.store_id', selection.storeIds)
      // Recorded days: what reached the books then; a late kiosk sync never changes a past export.
      if (selection.from)
        void q.where(
          'e.recorded_at',
          '>=',
          db.raw('(?::date)::timestamp AT TIME ZONE ?', [selection.from, DEFAULT_TIME_ZONE]),
        )
      if (selection.to)
        void q.where(
          'e.recorded_at',
          '<',
          db.raw('((?::date) + 1)::timestamp AT TIME ZONE ?', [selection.to, DEFAULT_TIME_ZONE]),
        )
    })
    .orderBy([{ column: 'e.recorded_at' }, { column: 'e.id' }])
    .select(
      'e.id',
      'e.recorded_at',
      'e.occurred_at',
      'e.type',
      'e.status',
      'c.number as card_number',
      'e.points_delta',
      'e.stamps_delta',
      'e.points_balance_after',
      'e.stamps_balance_after',
      'e.amount_cents',
      'e.currency',
      's.code as store',
      'e.reason',
      'e.reversal_of',
    )

const QUERIES = { customers: customersQuery, cards: cardsQuery, ledger: ledgerQuery }

/**
 * The export's rows in batches, read through a server-side cursor: any number of them in bounded
 * memory.
 */
export const exportBatches = <R>(db: Knex, merchantId: string, selection: ExportSelection) =>
  cursorBatches<R>(db, QUERIES[selection.kind](db, merchantId, selection))
