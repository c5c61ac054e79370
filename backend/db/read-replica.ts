import type { Knex } from 'knex'
import type { Queryable } from './transaction.ts'

// The read replica (DATABASE_READ_URL) is a second pool beside the primary's. Code reaches it
// from the primary handle it already holds, so no signature between a route and its query
// changes: `readDatabase(db)`. A handle without a replica (DATABASE_READ_URL unset, a test's
// database) and a transaction are answered with themselves.
const replicas = new WeakMap<object, Knex>()

/** Sends `readDatabase(primary)` to `replica` from now on (openDatabase does this). */
export const attachReadReplica = (primary: Knex, replica: Knex) => {
  replicas.set(primary, replica)
}

/**
 * The handle for heavy reads that may lag the primary by a moment: audit and data exports,
 * analytics, reports. The read replica when DATABASE_READ_URL is set, else `db` itself.
 * Never for a read that must see a write just made (a page after its form, a balance before a
 * movement) nor inside a transaction: a transaction passed in is returned as it is, so its
 * reads stay in it, on the primary.
 */
export const readDatabase = <T extends Queryable>(db: T): T | Knex => replicas.get(db) ?? db
