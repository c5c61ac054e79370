import type { Knex } from 'knex'
import { LANGUAGES_SQL, timestamps, uuidPrimary } from './helpers.ts'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('platforms', (t) => {
    uuidPrimary(t, knex)
    t.text('code').notNullable().unique()
    t.text('name').notNullable()
    t.text('base_domain').notNullable()
    timestamps(t, knex)
  })

  await knex.schema.createTable('merchants', (t) => {
    uuidPrimary(t, knex)
    t.uuid('platform_id').notNullable().references('platforms.id')
    t.text('slug').notNullable().unique()
    t.text('name').notNullable()
    t.text('default_language').notNullable().defaultTo('en')
    t.text('status').notNullable().defaultTo('active')
    t.jsonb('settings').notNullable().defaultTo('{}')
    timestamps(t, knex)
    t.check(`default_language IN ${LANGUAGES_SQL}`)
    t.check(`status IN ('active', 'suspended')`)
    t.check(`slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'`)
  })

  await knex.schema.createTable('stores', (t) => {
    uuidPrimary(t, knex)
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.text('code').notNullable().unique()
    t.text('name').notNullable()
    t.text('subdomain').unique()
    t.text('custom_domain').unique()
    t.jsonb('description').notNullable().defaultTo('{}')
    t.text('address_line1')
    t.text('address_line2')
    t.text('postal_code')
    t.text('city')
    t.text('country')
    t.text('timezone').notNullable().defaultTo('Europe/Luxembourg')
    t.text('default_language').notNullable().defaultTo('en')
    t.specificType('currency', 'char(3)').notNullable().defaultTo('EUR')
    t.text('logo_url')
    t.text('brand_color')
    t.boolean('active').notNullable().defaultTo(true)
    timestamps(t, knex)
    t.index(['merchant_id'])
    t.check(`code ~ '^[A-Z0-9][A-Z0-9_-]{1,31}$'`)
    t.check(`subdomain IS NULL OR subdomain ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9]){0,1}$'`)
    t.check(`custom_domain IS NULL OR custom_domain = lower(custom_domain)`)
    t.check(`default_language IN ${LANGUAGES_SQL}`)
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('stores')
  await knex.schema.dropTable('merchants')
  await knex.schema.dropTable('platforms')
}
