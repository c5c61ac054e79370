import type { Knex } from 'knex'

// What a reward costs the merchant, in cents (issue 16: the outstanding points' value in money).
// Optional: without any, the analytics page shows the points only (docs/decisions.md).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('rewards', (t) => {
    t.integer('value_cents')
    t.check('value_cents IS NULL OR value_cents >= 0', [], 'rewards_value_cents_check')
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('rewards', (t) => {
    t.dropChecks(['rewards_value_cents_check'])
    t.dropColumn('value_cents')
  })
}
