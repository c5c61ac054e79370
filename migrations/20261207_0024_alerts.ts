import type { Knex } from 'knex'
import { uuidPrimary } from './helpers.ts'

// Merchant alerts (issue 13): what the alert sweep (backend/alerts/raise-alerts.ts) found in the
// ledger and the kiosk tables — a kiosk silent or stuck, a card earning too often, a large
// adjustment, a card earning in two stores within minutes, many failed PINs, a reward redeemed
// soon after enrolment. One row per situation: `key` (kind + subject + day or entry) is unique
// per merchant, so a sweep run again raises nothing twice. Acknowledged, never deleted: who and
// when are kept. `store_id` is the store the alert is about (the kiosk's, the card's home store)
// and decides which store-limited managers see it. The sweep's cursor is a row of
// email_sweep_cursors (name 'alerts').
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('alerts', (t) => {
    uuidPrimary(t, knex)
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.text('kind').notNullable()
    t.text('key').notNullable()
    t.uuid('store_id').references('stores.id')
    t.uuid('kiosk_id').references('kiosks.id')
    t.uuid('card_id').references('cards.id')
    t.jsonb('details').notNullable().defaultTo('{}')
    t.timestamp('raised_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.timestamp('acknowledged_at', { useTz: true })
    t.text('acknowledged_by_type')
    t.text('acknowledged_by_id')
    t.integer('version').notNullable().defaultTo(1)
    t.unique(['merchant_id', 'key'])
    t.check(
      `kind IN ('kiosk_silent', 'kiosk_pending', 'card_earnings', 'large_adjustment', 'two_stores', 'pin_failures', 'quick_redemption')`,
    )
  })
  await knex.raw(
    `CREATE INDEX alerts_merchant_open ON alerts (merchant_id, raised_at DESC) WHERE acknowledged_at IS NULL`,
  )
  await knex.raw(
    `CREATE INDEX alerts_merchant_acknowledged ON alerts (merchant_id, acknowledged_at DESC) WHERE acknowledged_at IS NOT NULL`,
  )
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('alerts')
  await knex('email_sweep_cursors').where('name', 'alerts').delete()
}
