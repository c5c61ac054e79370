import { randomBytes } from 'node:crypto'
import { runOnServer, urlForDatabase } from '../db/server-admin.ts'
import { afterAll, beforeAll, inject } from 'vitest'
import { createKnex, type Db } from '../db/knex.ts'

export type TestDatabase = { knex: Db; url: string; name: string }

/** A fresh database cloned from the migrated template; dropped by `drop()`. */
export const createTestDatabase = async (): Promise<
  TestDatabase & { drop: () => Promise<void> }
> => {
  const name = `rf_test_${randomBytes(6).toString('hex')}`
  await runOnServer(
    inject('pgAdminUrl'),
    `CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`,
  )
  const url = urlForDatabase(inject('pgAdminUrl'), name)
  const knex = createKnex(url, { poolMax: 30 })
  return {
    knex,
    url,
    name,
    drop: async () => {
      await knex.destroy()
      await runOnServer(inject('pgAdminUrl'), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    },
  }
}

/**
 * Gives the test file its own database for all its tests:
 * `const db = useTestDatabase()` then `db.knex` inside tests.
 */
export const useTestDatabase = (): TestDatabase => {
  let current: (TestDatabase & { drop: () => Promise<void> }) | undefined
  beforeAll(async () => {
    current = await createTestDatabase()
  })
  afterAll(async () => {
    await current?.drop()
  })
  const get = () => {
    if (!current) throw new Error('test database used outside a test')
    return current
  }
  return {
    get knex() {
      return get().knex
    },
    get url() {
      return get().url
    },
    get name() {
      return get().name
    },
  }
}
