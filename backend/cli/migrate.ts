import { runWithDatabase } from './run-with-database.ts'
import { migrateLatest } from '../db/migrate.ts'

// npm run db:migrate — brings the database (DATABASE_URL, or the embedded one) up to date.
await runWithDatabase(
  async (db, { log }) => {
    const applied = await migrateLatest(db.knex, db.connectionString, log)
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Already up to date.')
  },
  { quiet: false },
)
