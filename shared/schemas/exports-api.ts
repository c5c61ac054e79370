import { z } from 'zod'
import { CalendarDateSchema } from './common.ts'

/** The exports a merchant can download as CSV (API and /merchant/exports). */
export const EXPORT_KINDS = ['customers', 'cards', 'ledger'] as const
export type ExportKind = (typeof EXPORT_KINDS)[number]

/** Store codes, repeated (`store=A&store=B`) or comma-separated (`store=A,B`). */
const StoreCodes = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) =>
    (Array.isArray(value) ? value : value ? [value] : [])
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean),
  )
  .describe('Store codes, repeated or comma-separated; none: every store within reach')

/** A day, or nothing: an empty field of the page's form is no filter. */
const Day = z.preprocess((v) => (v === '' ? undefined : v), CalendarDateSchema.optional())

/**
 * The ledger export's filters: recorded days (both included, Europe/Luxembourg) and stores.
 * `to` before `from` is refused on `to` (`before_from`).
 */
export const LedgerExportQuery = z
  .object({
    from: Day.describe('First recorded day, YYYY-MM-DD'),
    to: Day.describe('Last recorded day, YYYY-MM-DD'),
    store: StoreCodes,
  })
  .superRefine((query, context) => {
    if (query.from && query.to && query.to < query.from)
      context.addIssue({
        code: 'custom',
        path: ['to'],
        message: 'before_from',
        params: { code: 'before_from' },
      })
  })
export type LedgerExportFilters = z.output<typeof LedgerExportQuery>

/** Customers and cards: by home store (a store manager gets their stores' members anyway). */
export const MemberExportQuery = z.object({ store: StoreCodes })
export type MemberExportFilters = z.output<typeof MemberExportQuery>

/** What the API answers: the CSV itself (documented as text/csv). */
export const CsvExport = z.string().describe('CSV, UTF-8 with a BOM, CRLF, a header line')
