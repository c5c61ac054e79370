import type { Knex } from 'knex'
import { LANGUAGES_SQL, timestamps, uuidPrimary } from './helpers.ts'

// Accounts and sessions of the web pages: customers (per merchant), merchant users, platform
// admins. Secrets (passwords, session and reset tokens) are stored only as hashes.

/** Exactly one subject column is set, and it is the one of the row's audience. */
const oneSubjectPerAudience = `
  (audience = 'customer' AND customer_id IS NOT NULL AND merchant_user_id IS NULL AND platform_admin_id IS NULL)
  OR (audience = 'merchant' AND merchant_user_id IS NOT NULL AND customer_id IS NULL AND platform_admin_id IS NULL)
  OR (audience = 'admin' AND platform_admin_id IS NOT NULL AND customer_id IS NULL AND merchant_user_id IS NULL)`

const subjectColumns = (t: Knex.CreateTableBuilder) => {
  t.text('audience').notNullable()
  t.uuid('customer_id').references('customers.id').onDelete('CASCADE')
  t.uuid('merchant_user_id').references('merchant_users.id').onDelete('CASCADE')
  t.uuid('platform_admin_id').references('platform_admins.id').onDelete('CASCADE')
  t.check(`audience IN ('customer', 'merchant', 'admin')`)
  t.check(oneSubjectPerAudience)
  t.index(['customer_id'])
  t.index(['merchant_user_id'])
  t.index(['platform_admin_id'])
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('customers', (t) => {
    // NULL until the customer chooses a password (a kiosk enrollment has none).
    t.text('password_hash')
    t.timestamp('password_set_at', { useTz: true })
    t.timestamp('terms_accepted_at', { useTz: true })
  })

  await knex.schema.createTable('merchant_users', (t) => {
    uuidPrimary(t, knex)
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.text('email').notNullable()
    t.text('name').notNullable()
    // NULL until the user sets one (an invitation not yet accepted).
    t.text('password_hash')
    t.timestamp('password_set_at', { useTz: true })
    // owner: the whole merchant. manager: the whole merchant, or only the stores listed in
    // merchant_user_stores when there are any.
    t.text('role').notNullable()
    t.boolean('active').notNullable().defaultTo(true)
    t.text('preferred_language')
    t.timestamp('last_login_at', { useTz: true })
    timestamps(t, knex)
    t.check(`role IN ('owner', 'manager')`)
    t.check(`preferred_language IS NULL OR preferred_language IN ${LANGUAGES_SQL}`)
    t.index(['merchant_id'])
  })
  // One login per address on the whole platform: the login form does not ask for a merchant.
  await knex.raw('CREATE UNIQUE INDEX merchant_users_email_unique ON merchant_users (lower(email))')

  await knex.schema.createTable('merchant_user_stores', (t) => {
    t.uuid('merchant_user_id').notNullable().references('merchant_users.id').onDelete('CASCADE')
    t.uuid('store_id').notNullable().references('stores.id')
    t.primary(['merchant_user_id', 'store_id'])
  })

  await knex.schema.createTable('platform_admins', (t) => {
    uuidPrimary(t, knex)
    t.text('email').notNullable()
    t.text('name').notNullable()
    t.text('password_hash')
    t.timestamp('password_set_at', { useTz: true })
    t.boolean('active').notNullable().defaultTo(true)
    t.text('preferred_language')
    t.timestamp('last_login_at', { useTz: true })
    timestamps(t, knex)
    t.check(`preferred_language IS NULL OR preferred_language IN ${LANGUAGES_SQL}`)
  })
  await knex.raw(
    'CREATE UNIQUE INDEX platform_admins_email_unique ON platform_admins (lower(email))',
  )

  await knex.schema.createTable('web_sessions', (t) => {
    uuidPrimary(t, knex)
    // SHA-256 of the cookie's token: a database dump gives no usable session.
    t.text('token_hash').notNullable().unique()
    subjectColumns(t)
    // The merchant of a customer or merchant-user session (storefront scoping, suspension).
    t.uuid('merchant_id').references('merchants.id')
    t.text('ip')
    t.text('user_agent')
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    // Moves forward with activity (idle timeout), never past absolute_expires_at.
    t.timestamp('idle_expires_at', { useTz: true }).notNullable()
    t.timestamp('absolute_expires_at', { useTz: true }).notNullable()
    t.check('idle_expires_at <= absolute_expires_at')
    t.check(`audience = 'admin' OR merchant_id IS NOT NULL`)
    t.index(['idle_expires_at'])
  })

  // Attempt counters (login, password reset) shared by every process: one row per bucket and
  // fixed window, incremented by an atomic upsert.
  await knex.schema.createTable('rate_limits', (t) => {
    t.text('bucket').notNullable()
    t.timestamp('window_start', { useTz: true }).notNullable()
    t.timestamp('window_end', { useTz: true }).notNullable()
    t.integer('hits').notNullable().defaultTo(0)
    t.primary(['bucket', 'window_start'])
    t.index(['window_end'])
  })

  // For every audience, though only customers use it at first.
  await knex.schema.createTable('password_reset_tokens', (t) => {
    uuidPrimary(t, knex)
    t.text('token_hash').notNullable().unique()
    subjectColumns(t)
    t.text('requested_ip')
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.timestamp('expires_at', { useTz: true }).notNullable()
    t.timestamp('used_at', { useTz: true })
    t.index(['expires_at'])
  })

  // Keys the web processes share when none is configured (SESSION_SECRET), e.g. the signing key
  // of anonymous CSRF cookies: created once by whichever process needs it first.
  await knex.schema.createTable('web_secrets', (t) => {
    t.text('name').primary()
    t.text('secret').notNullable()
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('web_secrets')
  await knex.schema.dropTable('password_reset_tokens')
  await knex.schema.dropTable('rate_limits')
  await knex.schema.dropTable('web_sessions')
  await knex.schema.dropTable('platform_admins')
  await knex.schema.dropTable('merchant_user_stores')
  await knex.schema.dropTable('merchant_users')
  await knex.schema.alterTable('customers', (t) => {
    t.dropColumn('terms_accepted_at')
    t.dropColumn('password_set_at')
    t.dropColumn('password_hash')
  })
}
