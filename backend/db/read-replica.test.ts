import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditRowsInBatches } from '../admin/queries/audit-log.ts'
import { loadConfig } from '../config.ts'
import { createLogger } from '../logger.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { openDatabase, ensureDatabase, type Database } from './database.ts'
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded.ts'
import { createKnex } from './knex.ts'
import { migrateLatest } from './migrate.ts'
import { readDatabase } from './read-replica.ts'

// Two real PostgreSQL servers: the suite's (the primary, DATABASE_URL) and one started here (the
// "replica", DATABASE_READ_URL, migrated like the primary). Not a streaming replica — what is
// tested is where each read goes, so each server holds a row the other does not.

const log = createLogger('silent')
const primary = useTestDatabase()
let folder = ''
let replicaServer: EmbeddedDatabase | undefined
let database: Database | undefined
let replicaUrl = ''

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'rf-replica-'))
  replicaServer = await startEmbeddedPostgres({
    dir: path.join(folder, 'pg'),
    log,
    persistent: false,
    fast: true,
  })
  await ensureDatabase(replicaServer.adminUrl, 'rf_replica')
  replicaUrl = replicaServer.urlFor('rf_replica')
  const migrator = createKnex(replicaUrl, { bindModels: false })
  try {
    await migrateLatest(migrator, replicaUrl, log)
    await migrator('audit_log').insert({
      actor_type: 'system',
      action: 'replica.only',
      subject_type: 'test',
    })
  } finally {
    await migrator.destroy()
  }
}, 60_000)

afterAll(async () => {
  await database?.close()
  await replicaServer?.stop()
  await rm(folder, { recursive: true, force: true })
})

const portOf = async (db: ReturnType<typeof readDatabase>) =>
  Number((await db.raw(`SELECT current_setting('port') AS port`)).rows[0].port)

describe('DATABASE_READ_URL', () => {
  it('sends exports to the read replica, keeps transactions and the default on the primary', async () => {
    await primary.knex('audit_log').insert({
      actor_type: 'system',
      action: 'primary.only',
      subject_type: 'test',
    })
    database = await openDatabase(
      loadConfig({ DATABASE_URL: primary.url, DATABASE_READ_URL: replicaUrl }),
      log,
    )
    const reader = readDatabase(database.knex)
    expect(await portOf(reader)).toBe(replicaServer!.port)
    expect(await portOf(database.knex)).not.toBe(replicaServer!.port)

    // The audit CSV reads its rows through the switch: the replica's row, not the primary's.
    const actions: unknown[] = []
    for await (const row of auditRowsInBatches(database.knex, { action: 'replica.' }))
      actions.push(row.action)
    expect(actions).toEqual(['replica.only'])

    // A transaction stays where it is; the replica's pool refuses writes.
    await database.knex.transaction(async (trx) => {
      expect(readDatabase(trx)).toBe(trx)
    })
    await expect(
      reader('audit_log').insert({ actor_type: 'system', action: 'x', subject_type: 'test' }),
    ).rejects.toMatchObject({ code: '25006' })

    // Unset, heavy reads go to the primary.
    expect(readDatabase(primary.knex)).toBe(primary.knex)
  })
})
