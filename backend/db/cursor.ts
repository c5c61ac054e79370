import type { Knex } from 'knex'
import type pg from 'pg'
import { clientOf } from './sql-transaction.ts'

/**
 * The rows of a query through a server-side cursor (`DECLARE … CURSOR`, `FETCH n`), a batch at
 * a time, on a connection of the pool held until the last row or until the reader stops: a read
 * of millions of rows in bounded memory, in one consistent snapshot (REPEATABLE READ, READ ONLY).
 * Needs PostgreSQL itself or a session pooler (a cursor lives in its transaction).
 *
 * Built for reading every row (an export), not the first few:
 * - `cursor_tuple_fraction = 1` tells the planner so. At its default (0.1) PostgreSQL plans a
 *   cursor for a fast first row — an index scan in the ORDER BY's order and a nested loop per
 *   row — which on a ledger whose pages are not in that order reads a page per row: 37 s for
 *   1,000,000 entries where a sequential scan, hash joins and a sort take 6 s (docs/decisions.md
 *   88).
 * - The next FETCH is sent before the current batch is handed over: PostgreSQL reads while the
 *   reader writes (at most two batches in memory).
 */
export async function* cursorBatches<R>(
  db: Knex,
  query: Knex.QueryBuilder | Knex.Raw,
  batchSize = 1_000,
): AsyncGenerator<R[]> {
  const client = clientOf(db)
  const connection = (await client.acquireConnection()) as pg.Client
  const { sql, bindings } = query.toSQL().toNative()
  let open = false
  let pending: Promise<pg.QueryResult> | null = null
  const fetch = () => {
    const next = connection.query(`FETCH ${batchSize} FROM rows_cursor`)
    // Awaited below, or dropped when the reader stops: never an unhandled rejection.
    next.catch(() => undefined)
    return next
  }
  try {
    await connection.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    open = true
    await connection.query('SET LOCAL cursor_tuple_fraction = 1')
    await connection.query({
      text: `DECLARE rows_cursor NO SCROLL CURSOR FOR ${sql}`,
      values: bindings as unknown[],
    })
    let next: Promise<pg.QueryResult> = fetch()
    for (;;) {
      pending = next
      const { rows } = await next
      pending = null
      const more = rows.length === batchSize
      if (more) pending = next = fetch()
      if (rows.length > 0) yield rows as R[]
      if (!more) break
    }
    open = false
    await connection.query('COMMIT')
  } finally {
    // The reader stopped early (a closed download) or a query failed: end the transaction (the
    // connection answers a FETCH still under way first).
    if (open) {
      await pending?.catch(() => undefined)
      await connection.query('ROLLBACK').catch(() => undefined)
    }
    await client.releaseConnection(connection)
  }
}

/** The rows of `cursorBatches` one by one (a reader that needs no speed). */
export async function* cursorRows<R>(
  db: Knex,
  query: Knex.QueryBuilder | Knex.Raw,
  batchSize = 2_000,
): AsyncGenerator<R> {
  for await (const rows of cursorBatches<R>(db, query, batchSize)) yield* rows
}
