import { loadConfig, loadDotEnv } from '../config.ts'
import { openDatabase } from '../db/database.ts'
import { migrateLatest } from '../db/migrate.ts'
import { createLogger } from '../logger.ts'

// npm run db:migrate — brings the database (DATABASE_URL, or the embedded one) up to date.
loadDotEnv()
const config = loadConfig()
const log = createLogger(config.logLevel)
const db = await openDatabase(config, log)
try {
  const applied = await migrateLatest(db.knex, db.connectionString, log)
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Already up to date.')
} finally {
  await db.close()
}
