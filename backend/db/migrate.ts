import type { Knex } from 'knex'
import { runMigrations as runWorkerMigrations } from 'graphile-worker'
import pg from 'pg'
import { migrations } from '../../migrations/index.ts'
import type { Logger } from '../logger.ts'
import { workerLogger } from '../jobs/worker-logger.ts'

type NamedMigration = (typeof migrations)[number]

const migrationSource: Knex.MigrationSource<NamedMigration> = {
  getMigrations: async () => [...migrations],
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
}

const migratorConfig = { migrationSource, tableName: 'knex_migrations' }

/**
 * The session advisory lock every process takes to migrate (any constant shared by all
 * versions). knex's own lock row is not enough: on an empty database two processes both create
 * knex_migrations, and a process that finds the lock row taken fails instead of waiting.
 */
export const MIGRATION_LOCK_KEY = 7_246_519_302

/**
 * Brings the schema up to date: our migrations, then the job queue's own schema
 * (graphile_worker.*), so one command leaves a database ready for web and worker.
 * Processes starting at once take turns (a PostgreSQL advisory lock, held on a connection of
 * its own): the first migrates, the others find nothing left to do.
 * Returns the names of the migrations it ran.
 */
export const migrateLatest = async (
  knex: Knex,
  connectionString: string,
  log: Logger,
): Promise<string[]> => {
  const lock = new pg.Client({ connectionString })
  await lock.connect()
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
    const [, applied] = (await knex.migrate.latest(migratorConfig)) as [number, string[]]
    await runWorkerMigrations({ connectionString, logger: workerLogger(log) })
    return applied
  } finally {
    // Closing the session releases the lock, also after a failed migration.
    await lock.end()
  }
}

/** Names of migrations in the code that the database has not run yet (empty = current). */
export const pendingMigrations = async (knex: Knex): Promise<string[]> => {
  const [, pending] = (await knex.migrate.list(migratorConfig)) as [unknown, NamedMigration[]]
  return pending.map(([name]) => name)
}
