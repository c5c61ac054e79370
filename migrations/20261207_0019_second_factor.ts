import type { Knex } from 'knex'
import { uuidPrimary } from './helpers.ts'

// The second factor of staff accounts (TOTP, RFC 6238) and the sign-in step between the password
// and the session. On platform_admins and merchant_users:
// - totp_secret: the confirmed secret, AES-256-GCM ciphertext (EMAIL_SETTINGS_KEY), null when off;
// - totp_pending_secret: a secret shown for enrolment, not confirmed by a code yet;
// - totp_last_step: the last time step a code was accepted for (a code is good once);
// - totp_enabled_at: when it was confirmed.
// recovery_codes: one-time codes (SHA-256 only), spent by used_at.
// sign_in_challenges: a password that was right, waiting for its second factor (the cookie holds
// the token, the row its SHA-256); a few minutes, single use.
const STAFF_TABLES = ['platform_admins', 'merchant_users'] as const

const staffSubject = (t: Knex.CreateTableBuilder) => {
  t.uuid('merchant_user_id').references('merchant_users.id').onDelete('CASCADE')
  t.uuid('platform_admin_id').references('platform_admins.id').onDelete('CASCADE')
  t.check('(merchant_user_id IS NULL) <> (platform_admin_id IS NULL)')
  t.index(['merchant_user_id'])
  t.index(['platform_admin_id'])
}

export async function up(knex: Knex): Promise<void> {
  for (const table of STAFF_TABLES)
    await knex.schema.alterTable(table, (t) => {
      t.text('totp_secret')
      t.text('totp_pending_secret')
      t.bigInteger('totp_last_step')
      t.timestamp('totp_enabled_at', { useTz: true })
    })
  await knex.schema.createTable('recovery_codes', (t) => {
    uuidPrimary(t, knex)
    staffSubject(t)
    t.text('code_hash').notNullable()
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.timestamp('used_at', { useTz: true })
  })
  await knex.schema.createTable('sign_in_challenges', (t) => {
    uuidPrimary(t, knex)
    t.text('token_hash').notNullable().unique()
    staffSubject(t)
    t.text('ip')
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.timestamp('expires_at', { useTz: true }).notNullable()
    t.index(['expires_at'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sign_in_challenges')
  await knex.schema.dropTable('recovery_codes')
  for (const table of STAFF_TABLES)
    await knex.schema.alterTable(table, (t) => {
      t.dropColumn('totp_secret')
      t.dropColumn('totp_pending_secret')
      t.dropColumn('totp_last_step')
      t.dropColumn('totp_enabled_at')
    })
}
