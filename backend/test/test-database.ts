import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, inject } from 'vitest'
import { createKnex, type Db } from '../db/knex.ts'

const adminQuery = async (sql: string) => {
  const client = new pg.Client({ connectionString: inject('pgAdminUrl') })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

export type TestDatabase = { knex: Db; url: string; name: string }

/** A fresh database cloned from the migrated template; dropped by `drop()`. */
export const createTestDatabase = async (): Promise<
  TestDatabase & { drop: () => Promise<void> }
> => {
  const name = `rf_test_${randomBytes(6).toString('hex')}`
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`)
  const url = new URL(inject('pgAdminUrl'))
  url.pathname = `/${name}`
  const knex = createKnex(url.toString(), { poolMax: 30 })
  return {
    knex,
    url: url.toString(),
    name,
    drop: async () => {
      await knex.destroy()
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
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
