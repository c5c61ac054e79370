import type { Knex } from 'knex'
import { runMigrations as runWorkerMigrations } from 'graphile-worker'
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
 * Brings the schema up to date: our migrations, then the job queue's own schema
 * (graphile_worker.*), so one command leaves a database ready for web and worker.
 * Returns the names of the migrations it ran.
 */
export const migrateLatest = async (
  knex: Knex,
  connectionString: string,
  log: Logger,
): Promise<string[]> => {
  const [, applied] = (await knex.migrate.latest(migratorConfig)) as [number, string[]]
  await runWorkerMigrations({ connectionString, logger: workerLogger(log) })
  return applied
}

/** Names of migrations in the code that the database has not run yet (empty = current). */
export const pendingMigrations = async (knex: Knex): Promise<string[]> => {
  const [, pending] = (await knex.migrate.list(migratorConfig)) as [unknown, NamedMigration[]]
  return pending.map(([name]) => name)
}
