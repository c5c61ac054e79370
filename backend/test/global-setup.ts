import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { runOnServer, urlForDatabase } from '../db/server-admin.ts'
import type { TestProject } from 'vitest/node'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded.ts'
import { createKnex } from '../db/knex.ts'
import { migrateLatest } from '../db/migrate.ts'
import { createLogger } from '../logger.ts'
import { ensureWebAssets } from '../web/assets/build-web-assets.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of a maintenance database on the test server. */
    pgAdminUrl: string
    /** A migrated database that each test file clones (CREATE DATABASE … TEMPLATE). */
    pgTemplate: string
  }
}

/**
 * One PostgreSQL for the whole suite: DATABASE_URL's server when set, else an embedded one in a
 * scratch folder. A template database is migrated once; every test file clones it.
 */
export default async function setup(project: TestProject) {
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn')
  // Pages render their asset tags from dist/web/manifest.json: build it when missing or stale.
  await ensureWebAssets({ log })
  let server: EmbeddedDatabase | null = null
  let adminUrl: string
  if (process.env.DATABASE_URL) {
    adminUrl = urlForDatabase(process.env.DATABASE_URL, 'postgres')
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
  await runOnServer(adminUrl, `DROP DATABASE IF EXISTS ${template}`)
  await runOnServer(adminUrl, `CREATE DATABASE ${template}`)
  const templateUrl = urlForDatabase(adminUrl, template)
  const knex = createKnex(templateUrl)
  try {
    await migrateLatest(knex, templateUrl, log)
  } finally {
    await knex.destroy()
  }
  project.provide('pgAdminUrl', adminUrl)
  project.provide('pgTemplate', template)

  return async () => {
    await runOnServer(adminUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(
      () => undefined,
    )
    if (server) await server.stop()
    else if (process.env.DATABASE_URL) {
      // Clean up databases of test files that crashed before their own teardown.
      const rows = await runOnServer<{ datname: string }>(
        adminUrl,
        `SELECT datname FROM pg_database WHERE datname LIKE 'rf_test_%'`,
      )
      for (const row of rows)
        await runOnServer(adminUrl, `DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`)
    }
  }
}
