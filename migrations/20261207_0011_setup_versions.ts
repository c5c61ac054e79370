import type { Knex } from 'knex'

// Optimistic versions for the rest of the merchant's set-up (as 0009 did for programmes and
// rewards): stores (branding), transaction categories, cashiers, back-office users, and the
// merchant's own row (its settings). Every edit says which version it edited and bumps it in the
// same statement (backend/db/versioned-update.ts): a stale save is EDIT_CONFLICT, never a silent
// overwrite.
const TABLES = ['stores', 'transaction_categories', 'staff', 'merchant_users', 'merchants'] as const

export async function up(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.schema.alterTable(table, (t) => {
      t.integer('version').notNullable().defaultTo(1)
      t.check('version > 0', [], `${table}_version_positive`)
    })
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [...TABLES].reverse()) {
    await knex.schema.alterTable(table, (t) => {
      t.dropChecks([`${table}_version_positive`])
      t.dropColumn('version')
    })
  }
}
