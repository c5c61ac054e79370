import type { Knex } from 'knex'
import { LANGUAGES_SQL, uuidPrimary } from './helpers.ts'

// Email delivery: templates per (code, language), the admin's SMTP override, the local mailbox
// of the embedded default, and the delivery record of each outbound email (docs/architecture.md,
// Email; docs/lessons.md #6, #9, #13).

const STATUS_CHECK = 'outbound_emails_status_check'

export async function up(knex: Knex): Promise<void> {
  // Seeded from backend/email/templates. An admin's edit sets `customized` (and updated_by):
  // later seeding keeps it unless forced; an uncustomized row follows the repository's files.
  await knex.schema.createTable('email_templates', (t) => {
    t.text('code').notNullable()
    t.text('language').notNullable()
    t.text('subject').notNullable()
    t.text('html').notNullable()
    t.text('text').notNullable()
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.uuid('updated_by').references('platform_admins.id').onDelete('SET NULL')
    t.boolean('customized').notNullable().defaultTo(false)
    t.primary(['code', 'language'])
    t.check(`language IN ${LANGUAGES_SQL}`)
    t.check(`code ~ '^[a-z][a-z_]{1,62}$'`)
  })

  // The admin's SMTP settings: one row at most; a NULL column falls back to the environment.
  // The password is AES-256-GCM ciphertext (backend/email/settings-crypto.ts), never plain.
  await knex.schema.createTable('smtp_settings', (t) => {
    t.smallint('id').primary().defaultTo(1)
    t.text('host')
    t.integer('port')
    t.text('secure')
    t.text('username')
    t.text('password_encrypted')
    t.text('auth_method')
    t.text('from_address')
    t.boolean('tls_verify')
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.uuid('updated_by').references('platform_admins.id').onDelete('SET NULL')
    t.check('id = 1')
    t.check('port IS NULL OR port BETWEEN 1 AND 65535')
    t.check(`secure IS NULL OR secure IN ('tls', 'starttls', 'none')`)
    t.check(`auth_method IS NULL OR auth_method IN ('auto', 'PLAIN', 'LOGIN')`)
  })

  // What RewardFlow's own SMTP server received (the embedded default, no SMTP configured).
  await knex.schema.createTable('mailbox_messages', (t) => {
    uuidPrimary(t, knex)
    t.text('mail_from').notNullable().defaultTo('')
    t.specificType('rcpt_to', 'text[]').notNullable().defaultTo(knex.raw(`'{}'::text[]`))
    t.text('from_header').notNullable().defaultTo('')
    t.text('to_header').notNullable().defaultTo('')
    t.text('subject').notNullable().defaultTo('')
    t.text('message_id')
    t.binary('raw').notNullable()
    t.integer('size').notNullable()
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.index(['received_at'])
  })

  // Delivery of each outbound email: the row is the idempotency key of its sending job.
  // queued → sending (claimed by one worker) → sent | failed; a temporary failure goes back to
  // queued with its error until the job's attempts run out.
  await knex.schema.alterTable('outbound_emails', (t) => {
    t.integer('attempts').notNullable().defaultTo(0)
    t.text('last_error')
    t.text('message_id')
    t.text('smtp_response')
    t.text('subject')
    t.text('from_address')
    t.text('smtp_host')
    t.timestamp('last_attempt_at', { useTz: true })
    t.timestamp('sent_at', { useTz: true })
    t.timestamp('failed_at', { useTz: true })
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.index(['template', 'created_at'])
  })
  await knex.raw('CREATE INDEX outbound_emails_to_lower ON outbound_emails (lower(to_address))')
  const { rows } = await knex.raw<{ rows: { conname: string }[] }>(
    `SELECT conname FROM pg_constraint
      WHERE conrelid = 'outbound_emails'::regclass AND contype = 'c'
        AND pg_get_constraintdef(oid) LIKE '%status%'`,
  )
  for (const { conname } of rows)
    await knex.raw('ALTER TABLE outbound_emails DROP CONSTRAINT ??', [conname])
  await knex.raw(
    `ALTER TABLE outbound_emails ADD CONSTRAINT ${STATUS_CHECK}
       CHECK (status IN ('queued', 'sending', 'sent', 'failed'))`,
  )
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE outbound_emails DROP CONSTRAINT ${STATUS_CHECK}`)
  await knex('outbound_emails').where('status', 'sending').update({ status: 'queued' })
  await knex.raw(
    `ALTER TABLE outbound_emails ADD CONSTRAINT ${STATUS_CHECK}
       CHECK (status IN ('queued', 'sent', 'failed'))`,
  )
  await knex.raw('DROP INDEX outbound_emails_to_lower')
  await knex.schema.alterTable('outbound_emails', (t) => {
    t.dropIndex(['template', 'created_at'])
    for (const column of [
      'attempts',
      'last_error',
      'message_id',
      'smtp_response',
      'subject',
      'from_address',
      'smtp_host',
      'last_attempt_at',
      'sent_at',
      'failed_at',
      'updated_at',
    ])
      t.dropColumn(column)
  })
  await knex.schema.dropTable('mailbox_messages')
  await knex.schema.dropTable('smtp_settings')
  await knex.schema.dropTable('email_templates')
}
