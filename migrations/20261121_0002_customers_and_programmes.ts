import type { Knex } from 'knex'
import { LANGUAGES_SQL, timestamps, uuidPrimary } from './helpers.ts'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('customers', (t) => {
    uuidPrimary(t, knex)
    t.uuid('merchant_id').notNullable().references('merchants.id')
    // NULL once the customer is anonymized (GDPR deletion).
    t.text('email')
    t.text('name')
    t.text('phone')
    t.date('birthday')
    t.text('preferred_language')
    t.boolean('marketing_consent').notNullable().defaultTo(false)
    t.timestamp('marketing_consent_at', { useTz: true })
    t.timestamp('anonymized_at', { useTz: true })
    timestamps(t, knex)
    t.check(`preferred_language IS NULL OR preferred_language IN ${LANGUAGES_SQL}`)
    t.check(`anonymized_at IS NOT NULL OR email IS NOT NULL`)
    t.index(['merchant_id', 'phone'])
  })
  await knex.raw(
    'CREATE UNIQUE INDEX customers_merchant_email_unique ON customers (merchant_id, lower(email))',
  )

  await knex.schema.createTable('programmes', (t) => {
    uuidPrimary(t, knex)
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.text('type').notNullable()
    t.jsonb('name').notNullable().defaultTo('{}')
    t.jsonb('terms').notNullable().defaultTo('{}')
    t.text('terms_url')
    t.integer('points_per_currency_unit').notNullable().defaultTo(1)
    t.integer('stamps_required')
    t.integer('welcome_bonus').notNullable().defaultTo(0)
    t.integer('cooldown_minutes').notNullable().defaultTo(0)
    t.integer('daily_cap')
    t.integer('expiry_months')
    t.text('status').notNullable().defaultTo('draft')
    timestamps(t, knex)
    t.check(`type IN ('stamps', 'points')`)
    t.check(`status IN ('draft', 'active', 'paused')`)
    t.check('points_per_currency_unit >= 0')
    t.check('welcome_bonus >= 0')
    t.check('cooldown_minutes >= 0')
    t.check('daily_cap IS NULL OR daily_cap > 0')
    t.check('expiry_months IS NULL OR expiry_months > 0')
    t.check(`type <> 'stamps' OR stamps_required > 0`)
    // A programme cannot go live without terms (text in some language, or a URL).
    t.check(`status = 'draft' OR terms <> '{}'::jsonb OR terms_url IS NOT NULL`)
  })
  // One live programme per merchant: the one new cards join.
  await knex.raw(
    `CREATE UNIQUE INDEX programmes_one_live_per_merchant ON programmes (merchant_id) WHERE status IN ('active', 'paused')`,
  )

  await knex.schema.createTable('rewards', (t) => {
    uuidPrimary(t, knex)
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.uuid('programme_id').notNullable().references('programmes.id')
    t.jsonb('name').notNullable().defaultTo('{}')
    t.jsonb('description').notNullable().defaultTo('{}')
    t.integer('cost').notNullable()
    t.boolean('active').notNullable().defaultTo(true)
    t.integer('position').notNullable().defaultTo(0)
    timestamps(t, knex)
    t.check('cost > 0')
    t.index(['programme_id'])
  })

  await knex.schema.createTable('transaction_categories', (t) => {
    uuidPrimary(t, knex)
    t.uuid('merchant_id').notNullable().references('merchants.id')
    // NULL: the category applies in every store of the merchant.
    t.uuid('store_id').references('stores.id')
    t.text('code').notNullable()
    t.jsonb('name').notNullable().defaultTo('{}')
    t.boolean('active').notNullable().defaultTo(true)
    t.integer('position').notNullable().defaultTo(0)
    timestamps(t, knex)
    t.check(`code ~ '^[a-z0-9][a-z0-9_-]{0,47}$'`)
  })
  await knex.raw(
    'ALTER TABLE transaction_categories ADD CONSTRAINT transaction_categories_code_unique UNIQUE NULLS NOT DISTINCT (merchant_id, store_id, code)',
  )
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('transaction_categories')
  await knex.schema.dropTable('rewards')
  await knex.schema.dropTable('programmes')
  await knex.schema.dropTable('customers')
}
