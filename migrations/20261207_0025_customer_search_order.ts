import type { Knex } from 'knex'

// The customer search lists members found by an email or a name beginning in that order
// (lower(email), lower(name)). A text_pattern_ops index finds the prefix but cannot give that
// order under the database's collation, so a common name beginning ("Marie Sch") read and
// sorted every match: 188 ms at p99 on a million members (bench:customers). Indexes in the "C"
// collation both find a LIKE prefix and keep the order the search asks for (it sorts in "C"
// too), and the id after it breaks ties (members of the same name) as the search does: the
// first page is read straight off the index, however common the name.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX customers_merchant_email_prefix')
  await knex.raw('DROP INDEX customers_merchant_name_prefix')
  await knex.raw(
    'CREATE INDEX customers_merchant_email_sorted ON customers (merchant_id, (lower(email) COLLATE "C"), id)',
  )
  await knex.raw(
    'CREATE INDEX customers_merchant_name_sorted ON customers (merchant_id, (lower(name) COLLATE "C"), id)',
  )
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX customers_merchant_name_sorted')
  await knex.raw('DROP INDEX customers_merchant_email_sorted')
  await knex.raw(
    'CREATE INDEX customers_merchant_email_prefix ON customers (merchant_id, lower(email) text_pattern_ops)',
  )
  await knex.raw(
    'CREATE INDEX customers_merchant_name_prefix ON customers (merchant_id, lower(name) text_pattern_ops)',
  )
}
