import type { Knex } from 'knex'
import { pendingMigrations } from './migrate.ts'

/** What /readyz reports: the database answers and its schema is current. */
export type ReadinessChecks = { database: string; migrations?: string }

export const checkReadiness = async (db: Knex): Promise<ReadinessChecks> => {
  try {
    await db.raw('SELECT 1')
  } catch (error) {
    return { database: `unreachable: ${(error as Error).message}` }
  }
  try {
    const pending = await pendingMigrations(db)
    return {
      database: 'ok',
      migrations: pending.length === 0 ? 'ok' : `pending: ${pending.join(', ')}`,
    }
  } catch (error) {
    return { database: 'ok', migrations: `unknown: ${(error as Error).message}` }
  }
}
