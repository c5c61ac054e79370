import type { Knex } from 'knex'

// Google Wallet (issue 15). The platform's issuer settings (one row, like smtp_settings: the
// service account's private key is AES-256-GCM ciphertext, backend/email/settings-crypto.ts);
// the loyalty objects RewardFlow has offered to save (a row per card once its member clicked
// "Save to Google Wallet": from then on every change of the card PATCHes it); the notifications
// requested per card (Google allows 3 per pass per 24 h: counted here); the classes as last sent
// (a hash, so the class sweep PATCHes only what changed); and the per-second request counters
// that hold every worker process under the issuer's rate limit.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('google_wallet_settings', (t) => {
    t.smallint('id').primary().defaultTo(1)
    t.text('issuer_id')
    t.text('service_account_email')
    t.text('private_key_id')
    t.text('private_key_encrypted')
    t.specificType('allowed_origins', 'text[]').notNullable().defaultTo('{}')
    t.text('default_logo_url')
    t.integer('version').notNullable().defaultTo(1)
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.uuid('updated_by').references('platform_admins.id').onDelete('SET NULL')
    t.check('id = 1')
    t.check(`issuer_id IS NULL OR issuer_id ~ '^[0-9]{1,30}$'`)
  })

  await knex.schema.createTable('google_wallet_objects', (t) => {
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.uuid('card_id').notNullable().references('cards.id')
    t.text('object_id').notNullable()
    // Rewards within reach when the object was last written: more now → notify the customer.
    t.integer('reachable_rewards').notNullable().defaultTo(0)
    t.integer('patched_balance')
    t.timestamp('offered_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.timestamp('written_at', { useTz: true })
    t.primary(['merchant_id', 'card_id'])
  })

  await knex.schema.createTable('google_wallet_notifications', (t) => {
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.uuid('card_id').notNullable().references('cards.id')
    t.timestamp('requested_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.primary(['merchant_id', 'card_id', 'requested_at'])
  })

  await knex.schema.createTable('google_wallet_classes', (t) => {
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.uuid('programme_id').notNullable().references('programmes.id')
    t.text('class_id').notNullable()
    t.text('payload_hash').notNullable()
    t.timestamp('synced_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.primary(['merchant_id', 'programme_id'])
  })

  // Requests granted per issuer and 200 ms slot (platform-wide, not tenant data).
  await knex.schema.createTable('google_wallet_request_slots', (t) => {
    t.text('issuer_id').notNullable()
    t.timestamp('slot', { useTz: true }).notNullable()
    t.integer('granted').notNullable()
    t.primary(['issuer_id', 'slot'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('google_wallet_request_slots')
  await knex.schema.dropTable('google_wallet_classes')
  await knex.schema.dropTable('google_wallet_notifications')
  await knex.schema.dropTable('google_wallet_objects')
  await knex.schema.dropTable('google_wallet_settings')
}
