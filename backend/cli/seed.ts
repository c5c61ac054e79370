import { runWithDatabase } from './run-with-database.ts'
import { migrateLatest } from '../db/migrate.ts'
import { seedDemoData } from '../seed/demo-seed.ts'

// npm run db:seed — the demo data; idempotent (running it again changes nothing).
await runWithDatabase(
  async (db, { config, log }) => {
    if (config.env === 'production')
      throw new Error('The demo data (published passwords) is never seeded in production.')
    await migrateLatest(db.knex, db.connectionString, log)
    const result = await seedDemoData(db.knex)
    console.log('Demo data is in place.')
    if (result.demoApiKeyToken) {
      console.log(`Demo API key (Fashion Group S.A.), shown once: ${result.demoApiKeyToken}`)
    }
  },
  { quiet: false },
)
