import type { Knex } from 'knex'

// What the merchant dashboard and the analytics views read instead of scanning
// (docs/decisions.md 90, 91):
// - the positive adjustments of a day × store × programme, apart from the net `adjusted`: the
//   "points issued" tile (earnings, welcome bonuses and positive adjustments) reads
//   analytics_daily, not the ledger. Filled for the rows already there by 20261208_0042 (data),
//   kept by `analytics:refresh` and `analytics:rebuild`;
// - the operations waiting for review, exact now: a partial index holding only those (the
//   review list's count and first page read it instead of every kiosk's whole history).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('analytics_daily', (t) => {
    t.bigInteger('adjusted_up').notNullable().defaultTo(0)
  })
  // Members by their last active day (and home store): analytics_card_activity counted, kept
  // by the job as cards move from day to day. The active members of the last 30 or 90 days are
  // then a sum of at most 90 days × stores rows, not a count over every active card.
  await knex.schema.createTable('analytics_activity_days', (t) => {
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.date('last_day').notNullable()
    t.uuid('home_store_key').notNullable()
    t.bigInteger('members').notNullable().defaultTo(0)
    t.primary(['merchant_id', 'last_day', 'home_store_key'])
  })
  await knex.raw(`
    CREATE INDEX kiosk_operations_open_reviews ON kiosk_operations (kiosk_id, occurred_at DESC)
      WHERE outcome = 'review' AND resolved_at IS NULL`)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX kiosk_operations_open_reviews')
  await knex.schema.dropTable('analytics_activity_days')
  await knex.schema.alterTable('analytics_daily', (t) => {
    t.dropColumn('adjusted_up')
  })
}
