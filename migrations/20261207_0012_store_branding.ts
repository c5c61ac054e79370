import type { Knex } from 'knex'

// Stores and branding (the merchant's Stores page): a phone number per store, and logos kept in
// PostgreSQL by the SHA-256 of their bytes, so every web process serves the same logo from the
// same database (docs/decisions.md). A store names its logo by that hash; `logo_url` is the
// hashed path it is served at (`/media/logos/<sha256>.<ext>`), which never points at other
// bytes and so may be cached for good. Logos are never deleted: emails already sent show them.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('store_logos', (t) => {
    t.text('sha256').primary()
    t.text('content_type').notNullable()
    t.binary('bytes').notNullable()
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.check(`sha256 ~ '^[0-9a-f]{64}$'`, [], 'store_logos_sha256_hex')
    t.check(
      `content_type IN ('image/png', 'image/jpeg', 'image/svg+xml')`,
      [],
      'store_logos_content_type',
    )
    t.check(`octet_length(bytes) BETWEEN 1 AND 1048576`, [], 'store_logos_size')
  })
  await knex.schema.alterTable('stores', (t) => {
    t.text('phone')
    t.text('logo_sha256').references('store_logos.sha256')
    t.check(`phone IS NULL OR char_length(phone) <= 40`, [], 'stores_phone_length')
    t.check(
      `logo_sha256 IS NULL OR starts_with(logo_url, '/media/logos/' || logo_sha256 || '.')`,
      [],
      'stores_logo_url_hashed',
    )
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('stores', (t) => {
    t.dropChecks(['stores_phone_length', 'stores_logo_url_hashed'])
    t.dropColumn('logo_sha256')
    t.dropColumn('phone')
  })
  await knex.schema.dropTable('store_logos')
}
