import type { Queryable } from '../../db/transaction.ts'
import type { PlatformRow } from '../models.ts'

/**
 * Every platform, oldest first. Awaited here, so callers get a real promise: a Knex builder
 * runs its query again on every then().
 */
export const listPlatforms = async (db: Queryable): Promise<PlatformRow[]> =>
  await db<PlatformRow>('platforms').select('*').orderBy(['created_at', 'code'])
