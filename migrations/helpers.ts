import type { Knex } from 'knex'

// Shared by migrations only. Append-only like the migrations: change a helper and every
// migration that used it changes meaning, so add a new helper instead of editing one.

/** created_at / updated_at, defaulted by the database per row (never by the process). */
export const timestamps = (t: Knex.CreateTableBuilder, knex: Knex) => {
  t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
}

export const uuidPrimary = (t: Knex.CreateTableBuilder, knex: Knex) =>
  t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))

export const LANGUAGES_SQL = "('en', 'fr', 'de', 'lb')"
