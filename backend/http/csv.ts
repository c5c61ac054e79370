import { Readable, type Transform } from 'node:stream'
import { stringify } from 'csv-stringify'

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

/**
 * Rows in, CSV bytes out (csv-stringify: RFC 4180 quoting, CRLF, a BOM first, the header line),
 * pulled one batch at a time: the rows' iterator advances only when the reader (the HTTP
 * response) has room, so an export of millions of rows holds a few batches in memory. A failing
 * iterator destroys the stream (the response ends early instead of looking complete).
 */
export const csvStream = <Row>(
  rows: AsyncIterable<Row> | Iterable<Row>,
  columns: readonly CsvColumn<Row>[],
): Readable => {
  const records = Readable.from(
    (async function* () {
      for await (const row of rows) yield columns.map((column) => neutralizeCell(column.value(row)))
    })(),
  )
  const csv: Transform = stringify({
    bom: true,
    header: true,
    columns: columns.map((column) => column.header),
    record_delimiter: 'windows',
  })
  records.on('error', (error) => csv.destroy(error))
  return records.pipe(csv)
}

/** The headers of a CSV download (`name` without extension). */
export const csvDownloadHeaders = (name: string) => ({
  'Content-Type': 'text/csv; charset=utf-8',
  'Content-Disposition': `attachment; filename="${name}.csv"`,
  'Cache-Control': 'no-store',
})
