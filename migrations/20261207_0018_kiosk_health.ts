import type { Knex } from 'knex'

// Kiosk sync health on the Kiosks page (issue 13): when the oldest operation still waiting in a
// kiosk's outbox happened (the kiosk reports it at each sync; null when nothing waits), and an
// index to count each kiosk's failed PINs of a day from what the kiosks already report.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('kiosks', (t) => {
    t.timestamp('oldest_pending_at', { useTz: true })
  })
  await knex.raw(`
    CREATE INDEX kiosk_operations_pin_failed ON kiosk_operations (kiosk_id, occurred_at)
      WHERE type = 'pin_failed';
  `)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX kiosk_operations_pin_failed')
  await knex.schema.alterTable('kiosks', (t) => {
    t.dropColumn('oldest_pending_at')
  })
}
