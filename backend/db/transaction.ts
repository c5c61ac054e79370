import type { Knex } from 'knex'

/** The root Knex instance or a transaction: every command accepts either. */
export type Queryable = Knex | Knex.Transaction

/**
 * Runs `work` in the caller's transaction when `db` is one, otherwise in a new transaction
 * (committed when `work` resolves, rolled back when it throws).
 */
export const inTransaction = <T>(
  db: Queryable,
  work: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> => (db.isTransaction ? work(db as Knex.Transaction) : db.transaction(work))
