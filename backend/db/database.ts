import path from 'node:path'
import pg from 'pg'
import { runOnServer } from './server-admin.ts'
import type { Config } from '../config.ts'
import type { Logger } from '../logger.ts'
import { startEmbeddedPostgres } from './embedded.ts'
import { createKnex, type Db } from './knex.ts'
import { attachReadReplica } from './read-replica.ts'

export type Database = {
  knex: Db
  connectionString: string
  /** PostgreSQL itself, not a pooler: for the migration lock and the job worker (LISTEN). */
  directConnectionString: string
  /** True when this process started its own PostgreSQL (no DATABASE_URL). */
  embedded: boolean
  close: () => Promise<void>
}

const EMBEDDED_DATABASE_NAME = 'rewardflow'

/** Creates `name` on the server behind `adminUrl` unless it exists. */
export const ensureDatabase = async (adminUrl: string, name: string) => {
  const found = await runOnServer(adminUrl, 'SELECT 1 FROM pg_database WHERE datname = $1', [name])
  if (found.length === 0)
    await runOnServer(adminUrl, `CREATE DATABASE ${pg.escapeIdentifier(name)}`)
}

/**
 * The second pool, on DATABASE_READ_URL, that `readDatabase(knex)` answers with; returns what
 * closes it. The Objection models stay bound to the primary.
 */
const openReadReplica = (config: Config, primary: Db): (() => Promise<void>) => {
  if (!config.databaseReadUrl || config.databaseReadUrl === config.databaseUrl)
    return async () => undefined
  const replica = createKnex(config.databaseReadUrl, {
    poolMax: config.databasePoolMax,
    bindModels: false,
    readOnly: true,
  })
  attachReadReplica(primary, replica)
  return () => replica.destroy()
}

/**
 * The database this process uses: `DATABASE_URL` when set; otherwise an embedded PostgreSQL
 * in `DATA_DIR/pg`, started here and stopped by `close()`.
 */
export const openDatabase = async (config: Config, log: Logger): Promise<Database> => {
  if (config.databaseUrl) {
    const knex = createKnex(config.databaseUrl, { poolMax: config.databasePoolMax })
    const closeReplica = openReadReplica(config, knex)
    return {
      knex,
      connectionString: config.databaseUrl,
      directConnectionString: config.databaseDirectUrl ?? config.databaseUrl,
      embedded: false,
      close: async () => {
        await closeReplica()
        await knex.destroy()
      },
    }
  }
  const server = await startEmbeddedPostgres({ dir: path.join(config.dataDir, 'pg'), log })
  await ensureDatabase(server.adminUrl, EMBEDDED_DATABASE_NAME)
  const connectionString = server.urlFor(EMBEDDED_DATABASE_NAME)
  const knex = createKnex(connectionString, { poolMax: config.databasePoolMax })
  const closeReplica = openReadReplica(config, knex)
  return {
    knex,
    connectionString,
    directConnectionString: connectionString,
    embedded: true,
    close: async () => {
      await closeReplica()
      await knex.destroy()
      await server.stop()
    },
  }
}
