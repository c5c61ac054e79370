import knexFactory, { type Knex } from 'knex'
import { Model } from 'objection'
import pg from 'pg'

// DATE columns (birthdays) stay 'YYYY-MM-DD' strings: turning them into a JS Date at local
// midnight shifts them by a day in some time zones.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value)
// COUNT(*) and SUM() come back as int8 text; we keep balances well inside 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value))

export type Db = Knex

/**
 * A Knex instance on PostgreSQL, bound to the Objection models (unless `bindModels: false`, for a
 * second, short-lived connection such as the migrator's direct one).
 */
export const createKnex = (
  connectionString: string,
  options: { poolMax?: number; bindModels?: boolean; readOnly?: boolean } = {},
): Db => {
  const knex = knexFactory({
    client: 'pg',
    connection: {
      connectionString,
      application_name: 'rewardflow',
      // The ledger's prepared statements must be planned with their parameters: a generic plan
      // made while a table is tiny (a seq scan of cards) stays in use as the table grows.
      // Sessions run in UTC whatever the host's zone: `now() + 7 days` is 168 hours, not 167 across
      // a daylight-saving change. Local dates are always computed with an explicit AT TIME ZONE.
      // (Both are also the database's defaults, migration 0023, for connections through a pooler
      // that drops startup options.)
      // A read-only pool (the read replica's) refuses a write even where the server would take it.
      options:
        '-c plan_cache_mode=force_custom_plan -c TimeZone=UTC' +
        (options.readOnly ? ' -c default_transaction_read_only=on' : ''),
    },
    pool: { min: 0, max: options.poolMax ?? 10 },
    acquireConnectionTimeout: 10_000,
  })
  if (options.bindModels !== false) Model.knex(knex)
  return knex
}
