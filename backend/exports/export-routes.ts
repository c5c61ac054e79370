import type { Knex } from 'knex'
import {
  CsvExport,
  LedgerExportQuery,
  MemberExportQuery,
  type ExportKind,
} from '../../shared/schemas/exports-api.ts'
import { defineRoute, type ApiRoute } from '../http/api-route.ts'
import { csvDownloadHeaders } from '../http/csv.ts'
import type { AppContext } from '../http/state.ts'
import { startExport } from './commands/start-export.ts'

const download = async (
  db: Knex,
  ctx: AppContext,
  kind: ExportKind,
  query: { store: string[]; from?: string | undefined; to?: string | undefined },
) => {
  const csv = await startExport(db, {
    principal: ctx.state.principal!,
    kind,
    stores: query.store,
    from: query.from,
    to: query.to,
    requestId: ctx.state.requestId,
  })
  ctx.set(csvDownloadHeaders(kind))
  return { body: csv }
}

const CSV_NOTE =
  'UTF-8 with a byte order mark (Excel keeps the accents), CRLF, a header line; cells a spreadsheet would run as a formula start with an apostrophe. Streamed.'

/**
 * The CSV exports over the API (the same command as /merchant/exports): customers, cards with
 * balances, ledger entries by recorded days and stores. Audited like the page's.
 */
export const exportRoutes = (db: Knex): ApiRoute[] => [
  defineRoute({
    method: 'get',
    path: '/exports/customers.csv',
    operationId: 'exportCustomers',
    policy: 'export.read',
    summary: `The merchant's customers as CSV (by home store). ${CSV_NOTE}`,
    tags: ['exports'],
    query: MemberExportQuery,
    response: CsvExport,
    responseType: 'text/csv',
    status: 200,
    errors: [],
    handle: (ctx, { query }) => download(db, ctx, 'customers', query),
  }),
  defineRoute({
    method: 'get',
    path: '/exports/cards.csv',
    operationId: 'exportCards',
    policy: 'export.read',
    summary: `The merchant's cards with their balances as CSV (by home store). ${CSV_NOTE}`,
    tags: ['exports'],
    query: MemberExportQuery,
    response: CsvExport,
    responseType: 'text/csv',
    status: 200,
    errors: [],
    handle: (ctx, { query }) => download(db, ctx, 'cards', query),
  }),
  defineRoute({
    method: 'get',
    path: '/exports/ledger.csv',
    operationId: 'exportLedger',
    policy: 'export.read',
    summary: `Ledger entries as CSV, by recorded days (from, to: both included, Europe/Luxembourg) and stores. ${CSV_NOTE}`,
    tags: ['exports'],
    query: LedgerExportQuery,
    response: CsvExport,
    responseType: 'text/csv',
    status: 200,
    errors: [],
    handle: (ctx, { query }) => download(db, ctx, 'ledger', query),
  }),
]
