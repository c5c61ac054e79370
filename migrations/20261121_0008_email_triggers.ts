import type { Knex } from 'knex'
import { uuidPrimary } from './helpers.ts'

// The email triggers (docs/architecture.md, Email): an idempotency key per outbound email, so an event whose
// job runs again never queues a second email; the cursors of the sweeps that find events in the
// ledger (reward ready) without touching the earn path; and staff invitations (hashed,
// single-use, expiring tokens, like password resets).

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbound_emails', (t) => {
    // One email per event: e.g. `welcome_bonus:<card>`, `reward_ready:<entry>:<reward>`.
    t.text('idempotency_key')
  })
  await knex.raw(
    `CREATE UNIQUE INDEX outbound_emails_idempotency_key_unique ON outbound_emails (idempotency_key)
      WHERE idempotency_key IS NOT NULL`,
  )

  // Where a sweep over the ledger stopped: entries recorded at or before `position` are done.
  await knex.schema.createTable('email_sweep_cursors', (t) => {
    t.text('name').primary()
    t.timestamp('position', { useTz: true }).notNullable()
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })

  // An owner invites a merchant user (created without a password); accepting sets the password.
  await knex.schema.createTable('merchant_invitations', (t) => {
    uuidPrimary(t, knex)
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.uuid('merchant_user_id').notNullable().references('merchant_users.id').onDelete('CASCADE')
    t.uuid('invited_by').references('merchant_users.id').onDelete('SET NULL')
    // SHA-256 of the emailed token: a database dump gives no usable invitation.
    t.text('token_hash').notNullable().unique()
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.timestamp('expires_at', { useTz: true }).notNullable()
    t.timestamp('used_at', { useTz: true })
    t.index(['merchant_user_id'])
    t.index(['expires_at'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('merchant_invitations')
  await knex.schema.dropTable('email_sweep_cursors')
  await knex.raw('DROP INDEX outbound_emails_idempotency_key_unique')
  await knex.schema.alterTable('outbound_emails', (t) => t.dropColumn('idempotency_key'))
}
