import { Readable } from 'node:stream'
import { stringify } from 'csv-stringify/sync'

/** One column of a CSV export: its header and how a row gives its cell. */
export type CsvColumn<Row> = {
  header: string
  value: (row: Row) => string | number | boolean | Date | null | undefined
}

/** UTF-8's byte order mark: Excel reads a CSV as UTF-8 (accents intact) only when it starts so. */
export const UTF8_BOM = '\uFEFF'

/**
 * A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR at its start) gets a
 * leading apostrophe (OWASP "CSV injection"). Numbers and dates the code typed are written as
 * they are: a negative amount stays a number, and is no formula.
 */
export const neutralizeCell = (value: unknown): string => {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value)
  const text = String(value)
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

const CSV_OPTIONS = { record_delimiter: 'windows' } as const

/**
 * Batches of rows in, CSV bytes out (csv-stringify: RFC 4180 quoting, CRLF, a BOM first, the
 * header line), one chunk of bytes per batch: the batches' iterator advances only when the
 * reader (the HTTP response) has room, so an export of millions of rows holds a batch or two in
 * memory. A batch is written by csv-stringify's synchronous API in one call — a stream step and
 * a promise per row cost more than the CSV itself (docs/decisions.md 88). A failing iterator
 * destroys the stream (the response ends early instead of looking complete).
 */
export const csvBatchStream = <Row>(
  batches: AsyncIterable<readonly Row[]> | Iterable<readonly Row[]>,
  columns: readonly CsvColumn<Row>[],
): Readable =>
  Readable.from(
    (async function* () {
      yield Buffer.from(
        stringify([], {
          ...CSV_OPTIONS,
          bom: true,
          header: true,
          columns: columns.map((column) => column.header),
        }),
      )
      for await (const batch of batches) {
        if (batch.length === 0) continue
        const records = batch.map((row) =>
          columns.map((column) => neutralizeCell(column.value(row))),
        )
        yield Buffer.from(stringify(records, CSV_OPTIONS))
      }
    })(),
    { objectMode: false },
  )

const BATCH = 1_000

/** Rows in, CSV bytes out: `csvBatchStream` over batches of the rows as they come. */
export const csvStream = <Row>(
  rows: AsyncIterable<Row> | Iterable<Row>,
  columns: readonly CsvColumn<Row>[],
): Readable =>
  csvBatchStream(
    (async function* () {
      let batch: Row[] = []
      for await (const row of rows) {
        batch.push(row)
        if (batch.length === BATCH) {
          yield batch
          batch = []
        }
      }
      yield batch
    })(),
    columns,
  )

/** The headers of a CSV download (`name` without extension). */
export const csvDownloadHeaders = (name: string) => ({
  'Content-Type': 'text/csv; charset=utf-8',
  'Content-Disposition': `attachment; filename="${name}.csv"`,
  'Cache-Control': 'no-store',
})
