import type { Knex } from 'knex'

// The merchant's Customers page and API (docs/architecture.md "Customers and cards",
// docs/decisions.md "Customer search by exact keys and prefixes"):
// - a version on customers, so two people editing a member's contact details cannot silently
//   overwrite each other (EDIT_CONFLICT);
// - indexes for the searches the page offers on a million members: an email or a name by its
//   beginning (text_pattern_ops serves `LIKE 'abc%'` whatever the database's collation), a phone
//   by its digits (the same expression `findCards` compares), and the cards' lists by merchant
//   (newest first), home store and last activity.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('customers', (t) => {
    t.integer('version').notNullable().defaultTo(1)
    t.check('version > 0', [], 'customers_version_positive')
  })
  await knex.raw(
    'CREATE INDEX customers_merchant_email_prefix ON customers (merchant_id, lower(email) text_pattern_ops)',
  )
  await knex.raw(
    'CREATE INDEX customers_merchant_name_prefix ON customers (merchant_id, lower(name) text_pattern_ops)',
  )
  await knex.raw(
    `CREATE INDEX customers_merchant_phone_digits ON customers
       (merchant_id, regexp_replace(phone, '[^0-9+]', '', 'g'))`,
  )
  await knex.raw(
    'CREATE INDEX cards_merchant_created ON cards (merchant_id, created_at DESC, id DESC)',
  )
  await knex.raw(
    'CREATE INDEX cards_merchant_home_store ON cards (merchant_id, enrolled_store_id, created_at DESC, id DESC)',
  )
  await knex.raw(
    'CREATE INDEX cards_merchant_activity ON cards (merchant_id, last_activity_at DESC)',
  )
}

export async function down(knex: Knex): Promise<void> {
  for (const index of [
    'cards_merchant_activity',
    'cards_merchant_home_store',
    'cards_merchant_created',
    'customers_merchant_phone_digits',
    'customers_merchant_name_prefix',
    'customers_merchant_email_prefix',
  ])
    await knex.raw('DROP INDEX ??', [index])
  await knex.schema.alterTable('customers', (t) => {
    t.dropChecks(['customers_version_positive'])
    t.dropColumn('version')
  })
}
