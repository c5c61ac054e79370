import type { CsvColumn } from '../http/csv.ts'
import type { ExportKind } from '../../shared/schemas/exports-api.ts'
import type { CardExportRow, CustomerExportRow, LedgerExportRow } from './queries/export-rows.ts'

/** The same names as the rows' fields: a column is its field, written as the CSV writer does. */
const columns = <R>(fields: (keyof R & string)[]): CsvColumn<R>[] =>
  fields.map((field) => ({ header: field, value: (row: R) => row[field] as never }))

/** The columns of each export, in order (documented in docs/architecture.md, "CSV"). */
export const EXPORT_COLUMNS = {
  customers: columns<CustomerExportRow>([
    'customer_id',
    'email',
    'name',
    'phone',
    'birthday',
    'preferred_language',
    'marketing_consent',
    'card_number',
    'home_store',
    'created_at',
  ]),
  cards: columns<CardExportRow>([
    'number',
    'status',
    'email',
    'name',
    'points_balance',
    'stamps_balance',
    'lifetime_points',
    'lifetime_stamps',
    'home_store',
    'created_at',
    'last_activity_at',
  ]),
  ledger: columns<LedgerExportRow>([
    'id',
    'recorded_at',
    'occurred_at',
    'type',
    'status',
    'card_number',
    'points_delta',
    'stamps_delta',
    'points_balance_after',
    'stamps_balance_after',
    'amount_cents',
    'currency',
    'store',
    'reason',
    'reversal_of',
  ]),
} satisfies Record<ExportKind, CsvColumn<never>[]>
