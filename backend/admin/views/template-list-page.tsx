import { LANGUAGES } from '../../../shared/languages.ts'
import type { TemplateStatuses } from '../../email/queries/list-template-statuses.ts'
import { EMAIL_TEMPLATES } from '../../email/template-variables.ts'
import { usePage } from '../../web/pages/page.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { ListTable } from '../../web/pages/table-card.tsx'
import type { SessionAdmin } from '../../accounts/accounts.ts'
import { AdminLayout } from './admin-layout.tsx'

/** /admin/email/templates: every template code in every language, with a link to its editor. */
export const TemplateListPage = (props: {
  admin: Pick<SessionAdmin, 'name' | 'email'>
  customized: TemplateStatuses
}) => {
  const { t, urls } = usePage()
  return (
    <AdminLayout
      title={t('email_settings:templates.title')}
      current="templates"
      admin={props.admin}
    >
      <div className="stack stack--lg">
        <PageHeader
          title={t('email_settings:templates.title')}
          lead={t('email_settings:templates.intro')}
        />
        <ListTable
          columns={[
            { label: t('email_settings:templates.column.template') },
            { label: t('email_settings:templates.column.language') },
            { label: t('email_settings:templates.column.status') },
            { label: t('email_settings:templates.edit'), hidden: true },
          ]}
        >
          {EMAIL_TEMPLATES.flatMap((code) =>
            LANGUAGES.map((language) => {
              const customized = props.customized[`${code}/${language}`] === true
              return (
                <tr key={`${code}/${language}`} data-template={`${code}/${language}`}>
                  <td data-label={t('email_settings:templates.column.template')}>
                    {t(`email_settings:templates.code.${code}`)}
                  </td>
                  <td data-label={t('email_settings:templates.column.language')}>
                    <span lang={language}>{t(`common:language.${language}`)}</span>
                  </td>
                  <td data-label={t('email_settings:templates.column.status')}>
                    <span
                      className={`badge badge--${customized ? 'accent' : 'info'}`}
                      data-customized={customized ? 'yes' : 'no'}
                    >
                      {t(
                        `email_settings:templates.status.${customized ? 'customized' : 'standard'}`,
                      )}
                    </span>
                  </td>
                  <td className="table__actions">
                    <a
                      className="button button--secondary button--small"
                      href={urls.path('adminEmailTemplate', { code, language })}
                    >
                      {t('email_settings:templates.edit')}
                    </a>
                  </td>
                </tr>
              )
            }),
          )}
        </ListTable>
      </div>
    </AdminLayout>
  )
}
