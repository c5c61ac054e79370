import type { Knex } from 'knex'
import type pg from 'pg'
import { clientOf } from './sql-transaction.ts'

/**
 * The rows of a query through a server-side cursor (`DECLARE … CURSOR`, `FETCH n`), one batch
 * at a time, on a connection of the pool held until the last row or until the reader stops:
 * a read of millions of rows in bounded memory, in one consistent snapshot (REPEATABLE READ,
 * READ ONLY). Needs PostgreSQL itself or a session pooler (a cursor lives in its transaction).
 */
export async function* cursorRows<R>(
  db: Knex,
  query: Knex.QueryBuilder | Knex.Raw,
  batchSize = 2_000,
): AsyncGenerator<R> {
  const client = clientOf(db)
  const connection = (await client.acquireConnection()) as pg.Client
  const { sql, bindings } = query.toSQL().toNative()
  let open = false
  try {
    await connection.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    open = true
    await connection.query({
      text: `DECLARE rows_cursor NO SCROLL CURSOR FOR ${sql}`,
      values: bindings as unknown[],
    })
    for (;;) {
      const { rows } = await connection.query(`FETCH ${batchSize} FROM rows_cursor`)
      yield* rows as R[]
      if (rows.length < batchSize) break
    }
    open = false
    await connection.query('COMMIT')
  } finally {
    // The reader stopped early (a closed download) or a query failed: end the transaction.
    if (open) await connection.query('ROLLBACK').catch(() => undefined)
    await client.releaseConnection(connection)
  }
}
