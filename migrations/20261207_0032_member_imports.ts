import type { Knex } from 'knex'

// Imports of existing members from a CSV (issue 16, /merchant/imports). The uploaded file lives
// here (web processes are stateless: the dry run, the job and any other process read the same
// bytes). `file_hash` (SHA-256 of the bytes) and the line number make the idempotency keys of
// what an import writes (the card's enroll_client_id, the opening balance's ledger client_id);
// members already present are skipped, so the same file twice changes nothing. The dry run's
// problems (`[{line, field, code}]`) are kept with the import; the job advances `next_line` and
// the counts in the transaction of each batch, so the page's progress is exact and a retried job
// resumes after the last committed batch.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('member_imports', (t) => {
    t.uuid('merchant_id').notNullable().references('merchants.id')
    t.uuid('id').notNullable().defaultTo(knex.raw('gen_random_uuid()'))
    t.primary(['merchant_id', 'id'])
    t.text('file_name').notNullable()
    t.text('file_hash').notNullable()
    t.binary('content').notNullable()
    t.uuid('store_id').notNullable().references('stores.id')
    t.boolean('send_welcome').notNullable().defaultTo(false)
    t.text('status').notNullable().defaultTo('checked')
    t.integer('total_lines').notNullable().defaultTo(0)
    t.integer('valid_lines').notNullable().defaultTo(0)
    t.jsonb('problems').notNullable().defaultTo('[]')
    t.integer('next_line').notNullable().defaultTo(0)
    t.integer('processed').notNullable().defaultTo(0)
    t.integer('imported').notNullable().defaultTo(0)
    t.integer('skipped').notNullable().defaultTo(0)
    t.text('error')
    t.text('created_by_type').notNullable()
    t.text('created_by_id')
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.timestamp('started_at', { useTz: true })
    t.timestamp('finished_at', { useTz: true })
    t.integer('version').notNullable().defaultTo(1)
    t.check(`status IN ('checked', 'queued', 'running', 'done', 'failed')`)
    t.index(['merchant_id', 'created_at'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('member_imports')
}
