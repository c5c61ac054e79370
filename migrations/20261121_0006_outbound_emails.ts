import type { Knex } from 'knex'
import { LANGUAGES_SQL, uuidPrimary } from './helpers.ts'

// Outgoing emails, recorded in the same transaction as the change that causes them (a password
// reset token, an enrollment…), so an email exists exactly when its cause does. The sending job
// (the email issue) reads the queued rows, renders the template in the row's language and
// records the outcome.

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('outbound_emails', (t) => {
    uuidPrimary(t, knex)
    // Whose branding and settings apply; null for platform mail (staff invitations, tests).
    t.uuid('merchant_id').references('merchants.id')
    t.uuid('store_id').references('stores.id')
    // The template code (`password_reset`, …) rendered with `variables` in `language`.
    t.text('template').notNullable()
    t.text('to_address').notNullable()
    t.text('language').notNullable()
    t.jsonb('variables').notNullable().defaultTo(knex.raw(`'{}'::jsonb`))
    t.text('status').notNullable().defaultTo('queued')
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.check(`language IN ${LANGUAGES_SQL}`)
    t.check(`status IN ('queued', 'sent', 'failed')`)
    t.check(`jsonb_typeof(variables) = 'object'`)
    t.index(['status', 'created_at'])
    t.index(['merchant_id', 'created_at'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('outbound_emails')
}
