import { runOnServer, urlForDatabase } from '../db/server-admin.ts'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { startEmbeddedPostgres } from '../db/embedded.ts'
import { ensureDatabase } from '../db/database.ts'
import { createKnex } from '../db/knex.ts'
import { migrateLatest } from '../db/migrate.ts'
import type { Logger } from '../logger.ts'

export type ScratchDatabase = {
  url: string
  /** Where it runs, for the report. */
  description: string
  /** The postmaster's pid when we started it; null on DATABASE_URL (CPU then counts every
   * PostgreSQL process on this host, if any). */
  postmasterPid: number | null
  /** Drops the scratch database or stops and deletes the scratch cluster. */
  dispose: () => Promise<void>
}

/**
 * A database for one benchmark run: `rf_bench_<random>` on DATABASE_URL's server when set,
 * else a durable (fsync on) embedded PostgreSQL in a temporary folder.
 */
export const openScratchDatabase = async (log: Logger): Promise<ScratchDatabase> => {
  const external = process.env.DATABASE_URL
  if (external) {
    const name = `rf_bench_${randomBytes(4).toString('hex')}`
    await runOnServer(external, `CREATE DATABASE ${name}`)
    const host = new URL(external).host
    return {
      url: urlForDatabase(external, name),
      description: `database ${name} on DATABASE_URL (${host}), its own durability settings`,
      postmasterPid: null,
      dispose: async () => {
        await runOnServer(external, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      },
    }
  }
  const folder = await mkdtemp(path.join(os.tmpdir(), 'rf-bench-'))
  const dir = path.join(folder, 'pg')
  try {
    const server = await startEmbeddedPostgres({ dir, log, persistent: false, fast: false })
    const dispose = async () => {
      await server.stop()
      await rm(folder, { recursive: true, force: true })
    }
    try {
      await ensureDatabase(server.adminUrl, 'rf_bench')
      const pidLine = (await readFile(path.join(dir, 'postmaster.pid'), 'utf8')).split('\n')[0]
      return {
        url: server.urlFor('rf_bench'),
        description: `embedded PostgreSQL in ${dir}, durable (fsync on, synchronous_commit on)`,
        postmasterPid: Number(pidLine) || null,
        dispose,
      }
    } catch (error) {
      await dispose()
      throw error
    }
  } catch (error) {
    await rm(folder, { recursive: true, force: true })
    throw error
  }
}

/**
 * A scratch database (openScratchDatabase) with a Knex pool on it, migrated; both are undone by
 * what this pushes onto `cleanups` (run last-first: the pool before the database).
 */
export const openMigratedScratch = async (
  log: Logger,
  cleanups: (() => Promise<void>)[],
  options: { poolMax?: number } = {},
) => {
  const database = await openScratchDatabase(log)
  cleanups.push(database.dispose)
  const knex = createKnex(database.url, { poolMax: options.poolMax ?? 4 })
  cleanups.push(() => knex.destroy())
  await migrateLatest(knex, database.url, log)
  return { database, knex }
}
