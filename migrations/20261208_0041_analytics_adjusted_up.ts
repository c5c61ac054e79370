import type { Knex } from 'knex'

// The positive adjustments of a day × store × programme, apart from the net `adjusted`: the
// dashboard's "points issued" tile (earnings, welcome bonuses and positive adjustments) reads
// analytics_daily instead of the ledger (docs/decisions.md 90). Filled for the rows already
// there by 20261208_0042 (data), kept by `analytics:refresh` and `analytics:rebuild`.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('analytics_daily', (t) => {
    t.bigInteger('adjusted_up').notNullable().defaultTo(0)
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('analytics_daily', (t) => {
    t.dropColumn('adjusted_up')
  })
}
