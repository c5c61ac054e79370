import type { Knex } from 'knex'
import { LANGUAGES_SQL } from './helpers.ts'

// The platform admin's back office (issue 14). Platforms get what their emails and pages need
// (default language, support address, sender name) and a version, like every row someone
// edits. Merchants get their country and currency (asked when the admin creates one) and the
// reason and time of a suspension: a suspension changes `status` only, nothing is deleted, and
// reactivation clears these two. Store codes, subdomains and custom domains keep the unique
// indexes of 0001: two admins creating the same one at once, the index decides.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('platforms', (t) => {
    t.text('default_language').notNullable().defaultTo('en')
    t.text('support_email')
    t.text('sender_name')
    t.integer('version').notNullable().defaultTo(1)
    t.check(`default_language IN ${LANGUAGES_SQL}`, [], 'platforms_default_language_known')
    t.check('version > 0', [], 'platforms_version_positive')
  })
  await knex.schema.alterTable('merchants', (t) => {
    t.specificType('country', 'char(2)')
    t.specificType('currency', 'char(3)').notNullable().defaultTo('EUR')
    t.timestamp('suspended_at', { useTz: true })
    t.text('suspension_reason')
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('merchants', (t) => {
    t.dropColumn('suspension_reason')
    t.dropColumn('suspended_at')
    t.dropColumn('currency')
    t.dropColumn('country')
  })
  await knex.schema.alterTable('platforms', (t) => {
    t.dropChecks(['platforms_version_positive', 'platforms_default_language_known'])
    t.dropColumn('version')
    t.dropColumn('sender_name')
    t.dropColumn('support_email')
    t.dropColumn('default_language')
  })
}
