import type { Knex } from 'knex'

// Who made each merchant API key: the merchant user whose form created it (the API keys page
// shows it), null for keys made by the command line (npm run apikey:create) and for older keys.
// A user is never deleted, only deactivated, so the name stays; SET NULL keeps a purge possible.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('api_keys', (t) => {
    t.uuid('created_by').references('merchant_users.id').onDelete('SET NULL')
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('api_keys', (t) => {
    t.dropColumn('created_by')
  })
}
