import type { Knex } from 'knex'
import type { Language } from '../../../shared/languages.ts'
import type { EmailTemplate } from '../queue-email.ts'

/** Whether a template was edited by an admin, per code and language (absent: not stored yet). */
export type TemplateStatuses = Partial<Record<`${EmailTemplate}/${Language}`, boolean>>

export const listTemplateStatuses = async (db: Knex): Promise<TemplateStatuses> => {
  const rows = await db('email_templates').select<
    { code: EmailTemplate; language: Language; customized: boolean }[]
  >('code', 'language', 'customized')
  return Object.fromEntries(rows.map((row) => [`${row.code}/${row.language}`, row.customized]))
}
