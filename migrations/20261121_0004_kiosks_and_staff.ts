import type { Knex } from 'knex'
import { timestamps, uuidPrimary } from './helpers.ts'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('kiosks', (t) => {
    uuidPrimary(t, knex)
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.uuid('store_id').notNullable().references('stores.id')
    t.text('name').notNullable()
    t.text('status').notNullable().defaultTo('pending')
    // One-time pairing code: only its hash, and until when it may be used.
    t.text('pairing_code_hash').unique()
    t.timestamp('pairing_expires_at', { useTz: true })
    // The device credential: only its hash.
    t.text('credential_hash').unique()
    t.text('app_version')
    t.timestamp('last_seen_at', { useTz: true })
    t.timestamp('last_sync_at', { useTz: true })
    t.integer('queue_length')
    t.integer('clock_skew_ms')
    t.timestamp('paired_at', { useTz: true })
    t.timestamp('revoked_at', { useTz: true })
    timestamps(t, knex)
    t.check(`status IN ('pending', 'active', 'revoked')`)
    t.index(['merchant_id'])
  })

  await knex.schema.createTable('staff', (t) => {
    uuidPrimary(t, knex)
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.text('name').notNullable()
    t.boolean('active').notNullable().defaultTo(true)
    t.text('pin_hash')
    t.timestamp('pin_changed_at', { useTz: true })
    // Failed PIN attempts reported by every kiosk; past the merchant's threshold the PIN locks.
    t.integer('failed_pin_attempts').notNullable().defaultTo(0)
    t.timestamp('pin_locked_at', { useTz: true })
    timestamps(t, knex)
    t.index(['merchant_id'])
  })

  await knex.schema.createTable('staff_stores', (t) => {
    t.uuid('staff_id').notNullable().references('staff.id').onDelete('CASCADE')
    t.uuid('store_id').notNullable().references('stores.id')
    t.primary(['staff_id', 'store_id'])
  })

  // Card numbers a kiosk may give to customers it enrolls offline; nobody else uses them.
  await knex.schema.createTable('card_number_reservations', (t) => {
    t.text('number').primary()
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.uuid('kiosk_id').notNullable().references('kiosks.id')
    t.timestamp('reserved_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.timestamp('used_at', { useTz: true })
    t.index(['kiosk_id'])
  })

  // What the server answered each kiosk operation: a resend gets the first answer.
  await knex.schema.createTable('kiosk_operations', (t) => {
    t.uuid('kiosk_id').notNullable().references('kiosks.id')
    t.uuid('client_id').notNullable()
    t.text('type').notNullable()
    t.text('request_hash').notNullable()
    // The operation as the kiosk sent it: kept whatever the outcome, so nothing is ever lost.
    t.jsonb('payload').notNullable()
    t.text('outcome').notNullable()
    t.jsonb('result')
    t.jsonb('error')
    t.timestamp('occurred_at', { useTz: true }).notNullable()
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    // Operations the kiosk decided offline that the server could not apply as decided wait here
    // for the merchant (outcome 'review', resolved_at NULL).
    t.timestamp('resolved_at', { useTz: true })
    t.primary(['kiosk_id', 'client_id'])
    t.check(`outcome IN ('applied', 'rejected', 'review')`)
  })

  // Incremental sync: every card change carries the id of the transaction that made it. A kiosk's
  // cursor is the xmin of the snapshot it last read; rows from later (or then running)
  // transactions are sent on the next pull, so no commit order can hide a change.
  await knex.raw(`
    ALTER TABLE cards ADD COLUMN change_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
    CREATE INDEX cards_merchant_change_xid ON cards (merchant_id, change_xid);
    CREATE FUNCTION cards_touch_change_xid() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.change_xid := pg_current_xact_id();
      RETURN NEW;
    END $$;
    CREATE TRIGGER cards_touch_change_xid BEFORE UPDATE ON cards
      FOR EACH ROW EXECUTE FUNCTION cards_touch_change_xid();
  `)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TRIGGER cards_touch_change_xid ON cards;
    DROP FUNCTION cards_touch_change_xid();
    DROP INDEX cards_merchant_change_xid;
    ALTER TABLE cards DROP COLUMN change_xid;
  `)
  await knex.schema.dropTable('kiosk_operations')
  await knex.schema.dropTable('card_number_reservations')
  await knex.schema.dropTable('staff_stores')
  await knex.schema.dropTable('staff')
  await knex.schema.dropTable('kiosks')
}
