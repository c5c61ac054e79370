import { loadConfig, loadDotEnv } from '../config.ts'
import { openDatabase } from '../db/database.ts'
import { migrateLatest } from '../db/migrate.ts'
import { createLogger } from '../logger.ts'
import { seedDemoData } from '../seed/demo-seed.ts'

// npm run db:seed — the demo data; idempotent (running it again changes nothing).
loadDotEnv()
const config = loadConfig()
const log = createLogger(config.logLevel)
const db = await openDatabase(config, log)
try {
  await migrateLatest(db.knex, db.connectionString, log)
  const result = await seedDemoData(db.knex)
  console.log('Demo data is in place.')
  if (result.demoApiKeyToken) {
    console.log(`Demo API key (Fashion Group S.A.), shown once: ${result.demoApiKeyToken}`)
  }
} finally {
  await db.close()
}
