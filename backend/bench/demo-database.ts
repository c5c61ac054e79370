import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { createKnex } from '../db/knex.ts'
import { migrateLatest } from '../db/migrate.ts'
import type { Logger } from '../logger.ts'
import { seedDemoData } from '../seed/demo-seed.ts'
import { openScratchDatabase, type ScratchDatabase } from './scratch-database.ts'

/**
 * A scratch database (`openScratchDatabase`) with the demo data, migrated and seeded here as
 * `npm run db:seed` does — a production process never seeds it (backend/config.ts refuses) —
 * and the demo API key in `dataDir/demo-api-key.txt`, where `npm start` keeps it.
 */
export const openDemoDatabase = async (log: Logger, dataDir: string): Promise<ScratchDatabase> => {
  const database = await openScratchDatabase(log)
  try {
    const knex = createKnex(database.url, { poolMax: 2 })
    try {
      await migrateLatest(knex, database.url, log)
      const { demoApiKeyToken } = await seedDemoData(knex)
      if (!demoApiKeyToken) throw new Error('the scratch database already had the demo API key')
      await mkdir(dataDir, { recursive: true })
      await writeFile(path.join(dataDir, 'demo-api-key.txt'), `${demoApiKeyToken}\n`, {
        mode: 0o600,
      })
    } finally {
      await knex.destroy()
    }
    return database
  } catch (error) {
    await database.dispose()
    throw error
  }
}
