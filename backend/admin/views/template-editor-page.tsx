import type { Language } from '../../../shared/languages.ts'
import type { EmailTemplate } from '../../email/queue-email.ts'
import type { TemplateParts } from '../../email/template-files.ts'
import { usePage } from '../../web/pages/page.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { ErrorSummary, PostForm, TextAreaField, type FieldErrors } from '../../web/pages/form.tsx'
import type { SessionAdmin } from '../../accounts/accounts.ts'
import { AdminLayout } from './admin-layout.tsx'

/** The template rendered with sample data, or why it cannot be. */
export type TemplatePreview =
  { ok: true; subject: string; html: string; text: string } | { ok: false; message: string }

const PartField = (props: {
  part: keyof TemplateParts
  value: string
  rows: number
  errors: FieldErrors
}) => {
  const { t } = usePage()
  return (
    <div className="form-grid__full">
      <TextAreaField
        name={props.part}
        label={t(`email_settings:templates.field.${props.part}`)}
        value={props.value}
        rows={props.rows}
        spellCheck={props.part !== 'html'}
        className="input"
        errors={props.errors}
      />
    </div>
  )
}

/** /admin/email/templates/:code/:language: subject, HTML and text, and a preview with sample data. */
export const TemplateEditorPage = (props: {
  admin: Pick<SessionAdmin, 'name' | 'email'>
  code: EmailTemplate
  language: Language
  parts: TemplateParts
  variables: readonly string[]
  preview: TemplatePreview | null
  errors?: FieldErrors
  saved?: boolean
}) => {
  const { t, urls } = usePage()
  const errors = props.errors ?? {}
  const title = t('email_settings:templates.editor_title', {
    template: t(`email_settings:templates.code.${props.code}`),
    language: t(`common:language.${props.language}`),
  })
  return (
    <AdminLayout title={title} current="templates" admin={props.admin}>
      <div className="stack stack--lg">
        <PageHeader
          back={{
            href: urls.path('adminEmailTemplates'),
            label: t('email_settings:templates.back'),
          }}
          title={title}
          lead={t('email_settings:templates.variables', {
            list: props.variables.map((name) => `{{${name}}}`).join(', '),
          })}
        />
        {props.saved ? (
          <div className="alert alert--success" role="status">
            <p>{t('email_settings:templates.saved')}</p>
          </div>
        ) : null}
        <section className="card">
          <PostForm
            action={urls.path('adminEmailTemplate', { code: props.code, language: props.language })}
          >
            <ErrorSummary
              message={
                Object.keys(errors).length > 0 ? t('email_settings:templates.error.summary') : null
              }
            />
            <div className="form-grid">
              <PartField part="subject" value={props.parts.subject} rows={2} errors={errors} />
              <PartField part="html" value={props.parts.html} rows={18} errors={errors} />
              <PartField part="text" value={props.parts.text} rows={12} errors={errors} />
            </div>
            <div className="form__actions">
              <button className="button button--primary">
                {t('email_settings:templates.save')}
              </button>
            </div>
          </PostForm>
        </section>
        {props.preview ? (
          <section className="stack" data-preview>
            <h2>{t('email_settings:templates.preview_title')}</h2>
            {props.preview.ok ? (
              <>
                <dl className="details">
                  <div className="details__row">
                    <dt>{t('email_settings:templates.field.subject')}</dt>
                    <dd data-preview-subject>{props.preview.subject}</dd>
                  </div>
                </dl>
                <h3>{t('email_settings:templates.preview_html')}</h3>
                {/* No allow-scripts, no allow-same-origin: the preview runs nothing. */}
                <iframe
                  className="card card--flush"
                  title={t('email_settings:templates.preview_html')}
                  sandbox=""
                  srcDoc={props.preview.html}
                  width="100%"
                  height="600"
                />
                <h3>{t('email_settings:templates.preview_text')}</h3>
                <pre className="card small">{props.preview.text}</pre>
              </>
            ) : (
              <div className="alert alert--warning" role="alert">
                <p>
                  {t('email_settings:templates.preview_failed', { message: props.preview.message })}
                </p>
              </div>
            )}
          </section>
        ) : null}
      </div>
    </AdminLayout>
  )
}
