import type { Knex } from 'knex'

// The review queue resolved (issue 13). An operation a kiosk decided offline that the server
// could not apply (kiosk_operations.outcome 'review') gets an id of its own (the item the
// merchant decides; client ids are only unique per kiosk), a version, and its decision: applied
// or dismissed, by whom, when, why. Nothing is deleted: a decided item keeps its row.
//
// What an applied redemption could not take from the balance (two kiosks spent the same points
// offline) is the merchant's write-off, one row per applied item: never a negative balance.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('kiosk_operations', (t) => {
    t.uuid('review_id')
    t.integer('version').notNullable().defaultTo(1)
    t.text('decision')
    t.text('decided_by_type')
    t.text('decided_by_id')
    t.text('decision_reason')
    // What applying it recorded: the ledger entry and the balances after (or null).
    t.jsonb('decision_result')
    t.check(
      `decision IS NULL OR decision IN ('applied', 'dismissed')`,
      [],
      'kiosk_operations_decision',
    )
    t.check(`(decision IS NULL) = (resolved_at IS NULL)`, [], 'kiosk_operations_decision_resolved')
  })
  await knex.raw(`
    UPDATE kiosk_operations SET review_id = gen_random_uuid() WHERE outcome = 'review';
    CREATE UNIQUE INDEX kiosk_operations_review_id ON kiosk_operations (review_id)
      WHERE review_id IS NOT NULL;
    -- What a kiosk's sync sends back: its items decided lately.
    CREATE INDEX kiosk_operations_decided ON kiosk_operations (kiosk_id, resolved_at)
      WHERE resolved_at IS NOT NULL;
  `)

  await knex.schema.createTable('write_offs', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.uuid('card_id').notNullable().references('cards.id')
    // The redemption entry that took what the balance had.
    t.uuid('ledger_entry_id').notNullable().references('ledger_entries.id').unique()
    t.uuid('kiosk_id').references('kiosks.id')
    t.uuid('review_id').notNullable()
    t.uuid('reward_id').references('rewards.id')
    t.integer('points').notNullable().defaultTo(0)
    t.integer('stamps').notNullable().defaultTo(0)
    t.text('actor_type').notNullable()
    t.text('actor_id')
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.check('points >= 0 AND stamps >= 0 AND points + stamps > 0')
    t.index(['merchant_id', 'created_at'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('write_offs')
  await knex.raw(`
    DROP INDEX kiosk_operations_decided;
    DROP INDEX kiosk_operations_review_id;
  `)
  await knex.schema.alterTable('kiosk_operations', (t) => {
    t.dropChecks(['kiosk_operations_decision', 'kiosk_operations_decision_resolved'])
    t.dropColumns(
      'review_id',
      'version',
      'decision',
      'decided_by_type',
      'decided_by_id',
      'decision_reason',
      'decision_result',
    )
  })
}
