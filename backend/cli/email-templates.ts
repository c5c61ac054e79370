import { runWithDatabase } from './run-with-database.ts'
import { migrateLatest } from '../db/migrate.ts'
import { seedEmailTemplates } from '../email/email-templates.ts'

// npm run email:templates [-- --force] — seeds the email templates from backend/email/templates:
// missing ones are added and templates nobody edited follow the files; an admin's edits are
// kept unless --force puts the repository's version back. Idempotent.
const force = process.argv.slice(2).includes('--force')

await runWithDatabase(
  async (db, { log }) => {
    await migrateLatest(db.knex, db.connectionString, log)
    const result = await seedEmailTemplates(db.knex, { force })
    console.log(
      `Email templates: ${result.inserted} added, ${result.updated} updated from the files, ` +
        `${result.kept} edited by an admin and kept${force ? '' : ' (--force replaces them)'}.`,
    )
  },
  { quiet: false },
)
