import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { migrations } from '../../migrations/index.ts'
import { createLogger } from '../logger.ts'
import { createKnex, type Db } from './knex.ts'
import { migrateLatest } from './migrate.ts'
import { runOnServer, urlForDatabase } from './server-admin.ts'

// Several processes starting at once each migrate the same empty database: one applies the
// migrations, the others wait for it and find nothing left to do.

const database = `rf_test_migrate_${randomBytes(4).toString('hex')}`
let url = ''
const clients: Db[] = []

beforeAll(async () => {
  await runOnServer(inject('pgAdminUrl'), `CREATE DATABASE ${database}`)
  url = urlForDatabase(inject('pgAdminUrl'), database)
})

afterAll(async () => {
  await Promise.all(clients.map((c) => c.destroy()))
  await runOnServer(inject('pgAdminUrl'), `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
})

describe('migrateLatest', () => {
  it('run four times at once on an empty database: each migration applied once', async () => {
    const log = createLogger('silent')
    for (let i = 0; i < 4; i++) clients.push(createKnex(url))
    const applied = await Promise.all(clients.map((knex) => migrateLatest(knex, url, log)))
    expect(applied.flat().sort()).toEqual(migrations.map(([name]) => name).sort())
    const rows = await clients[0]!('knex_migrations').orderBy('id').pluck('name')
    expect(rows).toEqual(migrations.map(([name]) => name))
    const worker = await clients[0]!.raw(
      `SELECT 1 FROM information_schema.schemata WHERE schema_name = 'graphile_worker'`,
    )
    expect(worker.rows).toHaveLength(1)
  }, 60_000)
})
