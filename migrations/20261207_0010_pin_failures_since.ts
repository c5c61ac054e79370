import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('staff', (t) => {
    // Failed PINs count from this time on: the latest correct PIN at a kiosk, or the merchant's
    // unlock or new PIN. A failure that occurred before it (reported late) is not counted.
    t.timestamp('pin_failures_since', { useTz: true })
  })
  // A staff member's reported failures since a time (the recount on a correct PIN, the
  // merchant's staff page): pin_failed operations are kept in kiosk_operations.
  await knex.raw(`
    CREATE INDEX kiosk_operations_pin_failures
      ON kiosk_operations ((payload->>'staff_id'), occurred_at)
      WHERE type = 'pin_failed'
  `)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX kiosk_operations_pin_failures')
  await knex.schema.alterTable('staff', (t) => {
    t.dropColumn('pin_failures_since')
  })
}
