import type { Knex } from 'knex'

// Every connection runs in UTC with custom plans (see backend/db/knex.ts). The app asks for both
// in the connection's startup options, which a pooler in transaction mode (PgBouncer) does not
// pass on: set them as the database's own defaults too, so a pooled connection gets the same
// session. Needs the database's owner, which the migrating user is.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`DO $$ BEGIN
    EXECUTE format('ALTER DATABASE %I SET TimeZone = %L', current_database(), 'UTC');
    EXECUTE format('ALTER DATABASE %I SET plan_cache_mode = %L', current_database(), 'force_custom_plan');
  END $$`)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DO $$ BEGIN
    EXECUTE format('ALTER DATABASE %I RESET TimeZone', current_database());
    EXECUTE format('ALTER DATABASE %I RESET plan_cache_mode', current_database());
  END $$`)
}
