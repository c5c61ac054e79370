import { loadConfig, loadDotEnv, type Config } from '../config.ts'
import { openDatabase, type Database } from '../db/database.ts'
import { createLogger, type Logger } from '../logger.ts'

/**
 * The frame of every CLI: `.env`, configuration, a quiet logger (info becomes warn, so the
 * command's own output stands out), the database (embedded or DATABASE_URL), closed at the end.
 */
export const runWithDatabase = async (
  work: (db: Database, context: { config: Config; log: Logger }) => Promise<void>,
  options: { quiet?: boolean } = {},
): Promise<void> => {
  loadDotEnv()
  const config = loadConfig()
  const quiet = options.quiet ?? true
  const log = createLogger(quiet && config.logLevel === 'info' ? 'warn' : config.logLevel)
  const db = await openDatabase(config, log)
  try {
    await work(db, { config, log })
  } finally {
    await db.close()
  }
}
