import { pageList } from '../web/pages/page-route.ts'
import type { Knex } from 'knex'
import { isLanguage, type Language } from '../../shared/languages.ts'
import {
  checkTemplateParts,
  findEmailTemplate,
  saveEmailTemplate,
  type TemplatePartProblem,
} from '../email/email-templates.ts'
import type { EmailTemplate } from '../email/queue-email.ts'
import { renderTemplateParts } from '../email/render-email.ts'
import { templateFromFiles, type TemplateParts } from '../email/template-files.ts'
import {
  declaredVariables,
  isEmailTemplate,
  SAMPLE_BRANDING,
  SAMPLE_VARIABLES,
} from '../email/template-variables.ts'
import { translator, type Translate } from '../i18n/i18n.ts'
import type { FieldErrors } from '../web/pages/form.tsx'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { AppError } from '../errors.ts'
import { formBody } from '../web/pages/query.ts'
import { TemplateEditorPage, type TemplatePreview } from './views/template-editor-page.tsx'
import { TemplateListPage } from './views/template-list-page.tsx'
import { listTemplateStatuses } from '../email/queries/list-template-statuses.ts'

/** The template of a code in a language: the stored one, else the repository's file. */
const currentParts = async (db: Knex, code: EmailTemplate, language: Language) => {
  const row = await findEmailTemplate(db, code, language)
  return row
    ? { subject: row.subject, html: row.html, text: row.text }
    : templateFromFiles(code, language)
}

/** The template rendered with the sample data of its code (HTML with a data: URL QR). */
export const previewTemplate = async (
  code: EmailTemplate,
  parts: TemplateParts,
): Promise<TemplatePreview> => {
  try {
    const values = { ...SAMPLE_VARIABLES[code], ...SAMPLE_BRANDING }
    const rendered = await renderTemplateParts(code, parts, values, { qr: 'data-url' })
    return { ok: true, subject: rendered.subject, html: rendered.html, text: rendered.text }
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) }
  }
}

/** One localized message per part: the first problem of each names its variable or syntax. */
export const templateErrors = (
  problems: TemplatePartProblem[],
  t: Translate<'admin'>,
): FieldErrors => {
  const errors: FieldErrors = {}
  for (const problem of problems) {
    if (errors[problem.part]) continue
    errors[problem.part] =
      problem.kind === 'unknown_variable'
        ? t('email_settings:templates.error.unknown_variable', { variable: `{{${problem.name}}}` })
        : t('email_settings:templates.error.syntax', { message: problem.message })
  }
  return errors
}

const paramsOf = (ctx: PageCtx): { code: EmailTemplate; language: Language } | null => {
  const { code, language } = ctx.params as { code?: string; language?: string }
  return isEmailTemplate(code) && isLanguage(language) ? { code, language } : null
}

/**
 * The email template editor of the administration: the list per code and language
 * (/admin/email/templates) and the editor with its preview (/admin/email/templates/:code/:language),
 * which refuses a template using a variable its code does not declare.
 */
export const templateRoutes = (db: Knex) => {
  const pages = pageList()

  pages.get('adminEmailTemplates', 'email.templates.manage', async (ctx) => {
    const customized = await listTemplateStatuses(db)
    sendPage(ctx, 'admin', <TemplateListPage admin={ctx.state.admin!} customized={customized} />)
  })

  pages.get('adminEmailTemplate', 'email.templates.manage', async (ctx) => {
    const which = paramsOf(ctx)
    if (!which) throw new AppError('NOT_FOUND')
    const parts = await currentParts(db, which.code, which.language)
    sendPage(
      ctx,
      'admin',
      <TemplateEditorPage
        admin={ctx.state.admin!}
        {...which}
        parts={parts}
        variables={declaredVariables(which.code)}
        preview={await previewTemplate(which.code, parts)}
        saved={ctx.query.saved === '1'}
      />,
    )
  })

  pages.post('adminEmailTemplate', 'email.templates.manage', async (ctx) => {
    const which = paramsOf(ctx)
    if (!which) throw new AppError('NOT_FOUND')
    const body = formBody(ctx)
    const parts: TemplateParts = {
      subject: body.subject ?? '',
      html: body.html ?? '',
      text: body.text ?? '',
    }
    const problems = checkTemplateParts(which.code, parts)
    if (problems.length > 0) {
      sendPage(
        ctx,
        'admin',
        <TemplateEditorPage
          admin={ctx.state.admin!}
          {...which}
          parts={parts}
          variables={declaredVariables(which.code)}
          preview={null}
          errors={templateErrors(problems, translator(ctx.state.language, 'admin'))}
        />,
        { status: 422 },
      )
      return
    }
    await saveEmailTemplate(db, { ...which, parts, adminId: ctx.state.admin!.id })
    seeOther(ctx, ctx.state.urls.path('adminEmailTemplate', which, { saved: 1 }))
  })

  return pages.routes
}
