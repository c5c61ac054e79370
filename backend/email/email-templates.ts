import type { Language } from '../../shared/languages.ts'
import type { Queryable } from '../db/transaction.ts'
import { inTransaction } from '../db/transaction.ts'
import type { EmailTemplate } from './queue-email.ts'
import { allTemplatesFromFiles, type TemplateParts } from './template-files.ts'
import { checkTemplate, EmailTemplateError, type TemplateProblem } from './template-engine.ts'
import { declaredVariables } from './template-variables.ts'

export type EmailTemplateRow = TemplateParts & {
  code: EmailTemplate
  language: Language
  customized: boolean
  updated_at: Date
  updated_by: string | null
}

export type TemplatePartProblem = TemplateProblem & { part: keyof TemplateParts }

/** Every problem of a template's subject, HTML and text for its code (empty: it can be saved). */
export const checkTemplateParts = (
  code: EmailTemplate,
  parts: TemplateParts,
): TemplatePartProblem[] => {
  const declared = declaredVariables(code)
  return (['subject', 'html', 'text'] as const).flatMap((part) =>
    checkTemplate(parts[part], declared).map((problem) => ({ ...problem, part })),
  )
}

export type SeedTemplatesResult = {
  inserted: number
  /** Rows nobody customized, brought up to the repository's version. */
  updated: number
  /** Rows an admin customized, left as they are (no `force`). */
  kept: number
}

/**
 * Seeds `email_templates` from the repository's files (docs/lessons.md #5: seeding is code,
 * idempotent): missing templates are inserted, rows nobody customized follow the files, and an
 * admin's edits are kept unless `force` (which puts the repository's version back). Refuses
 * files that use a variable their code does not declare.
 */
export const seedEmailTemplates = async (
  db: Queryable,
  options: { force?: boolean } = {},
): Promise<SeedTemplatesResult> => {
  const templates = allTemplatesFromFiles()
  for (const { code, language, parts } of templates) {
    const problems = checkTemplateParts(code, parts)
    if (problems.length > 0)
      throw new Error(
        `backend/email/templates/${code}/${language}: ${new EmailTemplateError(problems).message}`,
      )
  }
  return inTransaction(db, async (trx) => {
    const result: SeedTemplatesResult = { inserted: 0, updated: 0, kept: 0 }
    // One read of what is stored; only missing or changed templates are written.
    const stored = new Map<
      string,
      Pick<EmailTemplateRow, 'subject' | 'html' | 'text' | 'customized'>
    >()
    for (const row of await trx('email_templates').select(
      'code',
      'language',
      'subject',
      'html',
      'text',
      'customized',
    ))
      stored.set(`${row.code}/${row.language}`, row)
    for (const { code, language, parts } of templates) {
      const row = stored.get(`${code}/${language}`)
      if (!row) {
        const inserted = await trx('email_templates')
          .insert({ code, language, ...parts })
          .onConflict(['code', 'language'])
          .ignore()
          .returning('code')
        if (inserted.length > 0) result.inserted++
        continue
      }
      if (row.subject === parts.subject && row.html === parts.html && row.text === parts.text)
        continue
      if (row.customized && !options.force) {
        result.kept++
        continue
      }
      const query = trx('email_templates').where({ code, language })
      // An admin who saved meanwhile wins over the files, unless forced.
      if (!options.force) query.where('customized', false)
      const updated = await query.update({
        ...parts,
        customized: false,
        updated_by: null,
        updated_at: trx.fn.now(),
      })
      if (updated > 0) result.updated++
      else result.kept++
    }
    return result
  })
}

/** The stored template of a code in a language, if any. */
export const findEmailTemplate = async (
  db: Queryable,
  code: EmailTemplate,
  language: Language,
): Promise<EmailTemplateRow | undefined> => db('email_templates').where({ code, language }).first()

/**
 * An admin's edit of one template: refused (EmailTemplateError) when a part uses an unknown
 * variable or is not valid; saved as customized, so seeding keeps it.
 */
export const saveEmailTemplate = async (
  db: Queryable,
  props: { code: EmailTemplate; language: Language; parts: TemplateParts; adminId: string | null },
): Promise<void> => {
  const problems = checkTemplateParts(props.code, props.parts)
  if (problems.length > 0) throw new EmailTemplateError(problems)
  await db('email_templates')
    .insert({
      code: props.code,
      language: props.language,
      ...props.parts,
      customized: true,
      updated_by: props.adminId,
    })
    .onConflict(['code', 'language'])
    .merge({ ...props.parts, customized: true, updated_by: props.adminId, updated_at: db.fn.now() })
}
