import type { Knex } from 'knex'

// The Categories page and API say how many entries each category has (why it can be
// deactivated but not deleted): counted by category_id, which had no index, so every list read
// the ledger once per category. Partial: most entries have no category.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    'CREATE INDEX ledger_entries_category ON ledger_entries (category_id) WHERE category_id IS NOT NULL',
  )
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX ledger_entries_category')
}
