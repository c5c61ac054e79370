import type { Knex } from 'knex'
import pg from 'pg'
import type { Queryable } from './transaction.ts'

/**
 * A transaction on one pg connection taken from Knex's pool — the ledger's hot path. Compared
 * with a Knex transaction it saves the Knex transaction object and two round trips: `BEGIN`
 * travels with the first statement and `COMMIT` with the last (`queryAndCommit`), so an
 * earning costs two round trips instead of four (docs/benchmarks.md). Other queries are built
 * with Knex and run here with `run`.
 */
export type SqlTransaction = {
  /** Runs SQL with positional parameters; `name` prepares it once per connection. */
  query: <R>(text: string, values: unknown[], name?: string) => Promise<R[]>
  /**
   * Runs the transaction's last statement and commits in the same round trip (in a caller's
   * transaction it only runs the statement: the caller commits).
   */
  queryAndCommit: <R>(text: string, values: unknown[], name?: string) => Promise<R[]>
  /** Runs a Knex-built query (build it with `knex`); always resolves to the rows. */
  run: <R>(query: Knex.QueryBuilder | Knex.Raw) => Promise<R[]>
  /** For building queries only (they are executed by `run`). */
  knex: Knex
}

type KnexClient = {
  acquireConnection: () => Promise<pg.Client>
  releaseConnection: (connection: pg.Client) => Promise<unknown>
}

export const clientOf = (db: Queryable) => (db as unknown as { client: KnexClient }).client

/** A value as an SQL literal, for statements that must travel in the simple protocol. */
export const sqlLiteral = (value: unknown): string => {
  if (value === null || value === undefined) return 'NULL'
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`)
    return String(value)
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return `'${value.toISOString()}'`
  return pg.escapeLiteral(typeof value === 'string' ? value : JSON.stringify(value))
}

/** `$1…$n` replaced by literals (our statements have no `$` inside string constants). */
const inline = (text: string, values: readonly unknown[]) =>
  text.replace(/\$(\d+)/g, (_, n: string) => sqlLiteral(values[Number(n) - 1]))

type Phase = 'idle' | 'open' | 'committed'

/**
 * Runs `work` in a transaction: the caller's (when `db` is a Knex transaction, on its
 * connection), else a new one on a pooled connection, committed when `work` resolves and rolled
 * back when it throws.
 */
export const inSqlTransaction = async <T>(
  db: Queryable,
  work: (tx: SqlTransaction) => Promise<T>,
): Promise<T> => {
  const client = clientOf(db)
  const connection = await client.acquireConnection()
  const own = !db.isTransaction
  let phase: Phase = own ? 'idle' : 'open'

  const simple = async (sql: string) =>
    (await connection.query(sql)) as unknown as pg.QueryResult | pg.QueryResult[]
  const execute = async <R>(text: string, values: unknown[], name?: string): Promise<R[]> => {
    if (phase === 'committed') throw new Error('the transaction is already committed')
    if (phase === 'idle') {
      const results = (await simple(`BEGIN; ${inline(text, values)}`)) as pg.QueryResult[]
      phase = 'open'
      return results[1]!.rows as R[]
    }
    const result = await connection.query(name ? { name, text, values } : { text, values })
    return result.rows as R[]
  }
  const tx: SqlTransaction = {
    query: execute,
    queryAndCommit: async <R>(text: string, values: unknown[], name?: string): Promise<R[]> => {
      // In a caller's transaction (a kiosk sync lane) the statement runs prepared under `name`.
      if (!own) return execute<R>(text, values, name)
      if (phase !== 'open') return execute<R>(text, values, name)
      const results = (await simple(`${inline(text, values)}; COMMIT`)) as pg.QueryResult[]
      phase = 'committed'
      return results[0]!.rows as R[]
    },
    run: (query) => {
      const { sql, bindings } = query.toSQL().toNative()
      return execute(sql, bindings as unknown[])
    },
    knex: db,
  }

  if (!own) return work(tx)
  try {
    const result = await work(tx)
    if (phase === 'open') await connection.query('COMMIT')
    return result
  } catch (error) {
    if (phase === 'open') await connection.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    await client.releaseConnection(connection)
  }
}

/**
 * Runs one statement on its own, as its own transaction (PostgreSQL commits a lone statement
 * when it ends): one round trip, no BEGIN or COMMIT. Unnamed (parsed on every call), because the
 * web path may run behind PgBouncer in transaction mode, where the next call can reach another
 * server connection that never saw a named statement (docs/deploying.md). Not for a caller's
 * transaction: give it the root Knex.
 */
export const runStatementAlone = async <R>(
  db: Queryable,
  text: string,
  values: unknown[],
): Promise<R[]> => {
  if (db.isTransaction) throw new Error('runStatementAlone runs outside any transaction')
  const client = clientOf(db)
  const connection = await client.acquireConnection()
  try {
    const result = await connection.query({ text, values })
    return result.rows as R[]
  } finally {
    await client.releaseConnection(connection)
  }
}
