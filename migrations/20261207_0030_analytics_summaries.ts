import type { Knex } from 'knex'

// Analytics summaries (issue 16): what /merchant/analytics reads instead of the ledger, kept
// current by the job `analytics:refresh` (backend/analytics/refresh-summaries.ts) after the
// cursor row 'analytics' of email_sweep_cursors — the earn path writes none of them. Amounts
// are "units": points or stamps (a programme has one kind, the other delta is zero). A missing
// store or cashier is the zero uuid (`store_key`, `staff_key`), so the keys hold no NULL.
// Every key starts with merchant_id (shardable by merchant). The three per-card tables carry no
// foreign key to merchants: they are derived rows written by the job only (from merchants'
// own ids), and the key's check trigger cost more than the insert itself (0.2 ms a row in the
// benchmark's build of millions of rows).
export async function up(knex: Knex): Promise<void> {
  // Per day (the store's local day) × store × programme: the movements' sums and counts, and
  // the members enrolled that day at that store (their home store).
  await knex.schema.createTable('analytics_daily', (t) => {
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.date('day').notNullable()
    t.uuid('store_key').notNullable()
    t.uuid('programme_id').notNullable()
    for (const column of [
      'earned',
      'redeemed',
      'expired',
      'adjusted',
      'reversed',
      'earnings',
      'redemptions',
      'adjustments',
      'reversals',
      'expiries',
      'amount_cents',
      'new_members',
    ])
      t.bigInteger(column).notNullable().defaultTo(0)
    t.primary(['merchant_id', 'day', 'store_key', 'programme_id'])
  })
  // Per cashier (staff_id of the entries) × day × store.
  await knex.schema.createTable('analytics_cashier_daily', (t) => {
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.date('day').notNullable()
    t.uuid('store_key').notNullable()
    t.uuid('staff_key').notNullable()
    for (const column of ['earned', 'earnings', 'adjusted', 'adjustments', 'reversed', 'reversals'])
      t.bigInteger(column).notNullable().defaultTo(0)
    t.primary(['merchant_id', 'day', 'store_key', 'staff_key'])
  })
  // Which cards moved in which month (and at which store): the distinct-member detectors. A row
  // inserted for the first time increments the monthly roll-ups below in the same statement.
  await knex.schema.createTable('analytics_card_months', (t) => {
    t.uuid('merchant_id').notNullable()
    t.uuid('card_id').notNullable()
    t.date('month').notNullable()
    t.primary(['merchant_id', 'card_id', 'month'])
  })
  await knex.schema.createTable('analytics_card_store_months', (t) => {
    t.uuid('merchant_id').notNullable()
    t.uuid('card_id').notNullable()
    t.date('month').notNullable()
    t.uuid('store_key').notNullable()
    t.primary(['merchant_id', 'card_id', 'month', 'store_key'])
  })
  // Members active per month, by home store and enrolment month (cohorts, visits per member).
  await knex.schema.createTable('analytics_monthly_members', (t) => {
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.date('month').notNullable()
    t.uuid('home_store_key').notNullable()
    t.date('enrolled_month').notNullable()
    t.bigInteger('active_members').notNullable().defaultTo(0)
    t.primary(['merchant_id', 'month', 'home_store_key', 'enrolled_month'])
  })
  // Members of a home store active at a store in a month (the store cross-matrix).
  await knex.schema.createTable('analytics_store_matrix', (t) => {
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.date('month').notNullable()
    t.uuid('home_store_key').notNullable()
    t.uuid('store_key').notNullable()
    t.bigInteger('members').notNullable().defaultTo(0)
    t.primary(['merchant_id', 'month', 'home_store_key', 'store_key'])
  })
  // Each card's last active day (active members in the last 30 / 90 days).
  await knex.schema.createTable('analytics_card_activity', (t) => {
    t.uuid('merchant_id').notNullable()
    t.uuid('card_id').notNullable()
    t.uuid('home_store_key').notNullable()
    t.date('last_day').notNullable()
    t.primary(['merchant_id', 'card_id'])
  })
  await knex.raw(
    'CREATE INDEX analytics_card_activity_last_day ON analytics_card_activity (merchant_id, last_day, home_store_key)',
  )
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'analytics_card_activity',
    'analytics_store_matrix',
    'analytics_monthly_members',
    'analytics_card_store_months',
    'analytics_card_months',
    'analytics_cashier_daily',
    'analytics_daily',
  ])
    await knex.schema.dropTable(table)
  await knex('email_sweep_cursors').where('name', 'analytics').delete()
}
