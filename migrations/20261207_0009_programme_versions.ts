import type { Knex } from 'knex'

// Optimistic versions for the merchant's set-up pages: every update of a programme or a reward
// says which version it edited (`WHERE id = ? AND version = ?`) and bumps it in the same
// statement, so two people editing at once cannot silently overwrite each other.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('programmes', (t) => {
    t.integer('version').notNullable().defaultTo(1)
    t.check('version > 0', [], 'programmes_version_positive')
  })
  await knex.schema.alterTable('rewards', (t) => {
    t.integer('version').notNullable().defaultTo(1)
    t.check('version > 0', [], 'rewards_version_positive')
    t.index(['programme_id', 'position'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('rewards', (t) => {
    t.dropIndex(['programme_id', 'position'])
    t.dropChecks(['rewards_version_positive'])
    t.dropColumn('version')
  })
  await knex.schema.alterTable('programmes', (t) => {
    t.dropChecks(['programmes_version_positive'])
    t.dropColumn('version')
  })
}
