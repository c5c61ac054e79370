import type { Knex } from 'knex'

// Apple Wallet (issue 15). The platform's pass signing settings (one row, like smtp_settings):
// the Pass Type ID certificate and Apple's WWDR intermediate as PEM, the private key AES-256-GCM
// ciphertext (backend/email/settings-crypto.ts). A pass per card that was ever downloaded, with
// its authentication token (encrypted: every rebuilt pass carries the same token), and the
// devices registered for its updates (Apple's pass web service); both carry merchant_id first in
// their keys, so they shard with the merchant's cards.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('apple_wallet_settings', (t) => {
    t.smallint('id').primary().defaultTo(1)
    t.text('pass_type_id')
    t.text('team_id')
    t.text('signer_certificate_pem')
    t.text('signer_key_encrypted')
    t.text('wwdr_certificate_pem')
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.uuid('updated_by').references('platform_admins.id').onDelete('SET NULL')
    t.check('id = 1')
  })

  await knex.schema.createTable('apple_passes', (t) => {
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.uuid('card_id').notNullable().references('cards.id')
    t.text('auth_token_encrypted').notNullable()
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.primary(['merchant_id', 'card_id'])
  })
  // The web service finds a pass by its serial (the card id) before it knows the merchant.
  await knex.raw('CREATE INDEX apple_passes_card ON apple_passes (card_id)')

  await knex.schema.createTable('apple_pass_registrations', (t) => {
    t.uuid('merchant_id').notNullable()
    t.uuid('card_id').notNullable()
    t.text('device_library_id').notNullable()
    t.text('pass_type_id').notNullable()
    t.text('push_token').notNullable()
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.primary(['merchant_id', 'card_id', 'device_library_id'])
    t.foreign(['merchant_id', 'card_id'])
      .references(['merchant_id', 'card_id'])
      .inTable('apple_passes')
      .onDelete('CASCADE')
    t.check('char_length(device_library_id) BETWEEN 1 AND 200')
    t.check('char_length(push_token) BETWEEN 1 AND 200')
  })
  await knex.raw(
    'CREATE INDEX apple_pass_registrations_device ON apple_pass_registrations (device_library_id, pass_type_id)',
  )
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('apple_pass_registrations')
  await knex.schema.dropTable('apple_passes')
  await knex.schema.dropTable('apple_wallet_settings')
}
