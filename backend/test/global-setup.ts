import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded.ts'
import { createKnex } from '../db/knex.ts'
import { migrateLatest } from '../db/migrate.ts'
import { createLogger } from '../logger.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of a maintenance database on the test server. */
    pgAdminUrl: string
    /** A migrated database that each test file clones (CREATE DATABASE … TEMPLATE). */
    pgTemplate: string
  }
}

const withDatabase = (url: string, name: string) => {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

const admin = async (url: string, sql: string) => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/**
 * One PostgreSQL for the whole suite: DATABASE_URL's server when set, else an embedded one in a
 * scratch folder. A template database is migrated once; every test file clones it.
 */
export default async function setup(project: TestProject) {
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn')
  let server: EmbeddedDatabase | null = null
  let adminUrl: string
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, 'postgres')
  } else {
    const dir = path.join(
      os.tmpdir(),
      `rewardflow-test-${process.pid}-${randomBytes(3).toString('hex')}`,
      'pg',
    )
    server = await startEmbeddedPostgres({ dir, log, persistent: false, fast: true })
    adminUrl = server.adminUrl
  }
  const template = `rf_template_${process.pid}`
  await admin(adminUrl, `DROP DATABASE IF EXISTS ${template}`)
  await admin(adminUrl, `CREATE DATABASE ${template}`)
  const templateUrl = withDatabase(adminUrl, template)
  const knex = createKnex(templateUrl)
  try {
    await migrateLatest(knex, templateUrl, log)
  } finally {
    await knex.destroy()
  }
  project.provide('pgAdminUrl', adminUrl)
  project.provide('pgTemplate', template)

  return async () => {
    await admin(adminUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => undefined)
    if (server) await server.stop()
    else if (process.env.DATABASE_URL) {
      // Clean up databases of test files that crashed before their own teardown.
      const client = new pg.Client({ connectionString: adminUrl })
      await client.connect()
      const { rows } = await client.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE 'rf_test_%'`,
      )
      for (const row of rows)
        await client.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`)
      await client.end()
    }
  }
}
