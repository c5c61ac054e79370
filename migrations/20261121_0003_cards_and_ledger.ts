import type { Knex } from 'knex'
import { timestamps, uuidPrimary } from './helpers.ts'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('cards', (t) => {
    uuidPrimary(t, knex)
    t.text('number').notNullable().unique()
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.uuid('customer_id').notNullable().references('customers.id')
    t.uuid('programme_id').notNullable().references('programmes.id')
    t.text('status').notNullable().defaultTo('active')
    // Caches of the ledger, changed only under a row lock in the same transaction as the entry.
    t.integer('points_balance').notNullable().defaultTo(0)
    t.integer('stamps_balance').notNullable().defaultTo(0)
    t.integer('lifetime_points').notNullable().defaultTo(0)
    t.integer('lifetime_stamps').notNullable().defaultTo(0)
    t.uuid('enrolled_store_id').references('stores.id')
    t.uuid('enroll_client_id')
    t.text('enroll_request_hash')
    t.timestamp('last_earn_at', { useTz: true })
    t.timestamp('last_activity_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    timestamps(t, knex)
    t.unique(['customer_id', 'merchant_id'])
    t.unique(['merchant_id', 'enroll_client_id'])
    t.check(`number ~ '^[0-9]{12}$'`)
    t.check(`status IN ('active', 'blocked')`)
    t.check('points_balance >= 0')
    t.check('stamps_balance >= 0')
  })

  await knex.schema.createTable('api_keys', (t) => {
    uuidPrimary(t, knex)
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.text('name').notNullable()
    // The first characters of the token, shown to tell keys apart; the token itself is never stored.
    t.text('token_prefix').notNullable()
    t.text('token_hash').notNullable().unique()
    t.timestamp('last_used_at', { useTz: true })
    t.timestamp('revoked_at', { useTz: true })
    timestamps(t, knex)
    t.index(['merchant_id'])
  })

  await knex.schema.createTable('ledger_entries', (t) => {
    uuidPrimary(t, knex)
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.uuid('card_id').notNullable().references('cards.id')
    t.text('type').notNullable()
    t.integer('points_delta').notNullable().defaultTo(0)
    t.integer('stamps_delta').notNullable().defaultTo(0)
    // Balances right after this entry; NULL while the entry waits for review (not applied).
    t.integer('points_balance_after')
    t.integer('stamps_balance_after')
    t.integer('amount_cents')
    t.specificType('currency', 'char(3)')
    t.uuid('category_id').references('transaction_categories.id')
    t.uuid('reward_id').references('rewards.id')
    t.uuid('store_id').references('stores.id')
    t.uuid('device_id')
    t.uuid('staff_id')
    t.uuid('api_key_id').references('api_keys.id')
    t.text('reason')
    t.uuid('client_id').notNullable()
    t.text('request_hash').notNullable()
    t.timestamp('occurred_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.text('status').notNullable().defaultTo('applied')
    t.uuid('reversal_of').references('ledger_entries.id').unique()
    t.jsonb('metadata').notNullable().defaultTo('{}')
    t.check(`type IN ('earn', 'stamp', 'redeem', 'welcome_bonus', 'adjust', 'reverse', 'expire')`)
    t.check(`status IN ('applied', 'review', 'reversed')`)
    t.check('amount_cents IS NULL OR amount_cents >= 0')
    t.check(`(type = 'reverse') = (reversal_of IS NOT NULL)`)
    t.unique(['merchant_id', 'client_id'])
    t.index(['card_id', 'occurred_at'])
    t.index(['merchant_id', 'recorded_at'])
  })

  // The ledger is append-only: no deletes, and of an existing entry only its status may change
  // (applied → reversed when a compensating entry is written).
  await knex.raw(`
    CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'ledger entries are append-only' USING ERRCODE = 'restrict_violation';
      END IF;
      IF (to_jsonb(NEW) - 'status') IS DISTINCT FROM (to_jsonb(OLD) - 'status') THEN
        RAISE EXCEPTION 'only the status of a ledger entry may change' USING ERRCODE = 'restrict_violation';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
      FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();
  `)

  await knex.schema.createTable('audit_log', (t) => {
    uuidPrimary(t, knex)
    t.uuid('merchant_id').references('merchants.id')
    t.text('actor_type').notNullable()
    t.text('actor_id')
    t.text('action').notNullable()
    t.text('subject_type')
    t.text('subject_id')
    t.jsonb('data').notNullable().defaultTo('{}')
    t.text('request_id')
    t.text('ip')
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.index(['merchant_id', 'created_at'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_log')
  await knex.raw('DROP TABLE ledger_entries')
  await knex.raw('DROP FUNCTION ledger_entries_append_only()')
  await knex.schema.dropTable('api_keys')
  await knex.schema.dropTable('cards')
}
