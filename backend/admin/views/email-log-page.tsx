import { EMAIL_TEMPLATES } from '../../email/template-variables.ts'
import { usePage } from '../../web/pages/page.tsx'
import type { SessionAdmin } from '../../accounts/accounts.ts'
import { AdminLayout } from './admin-layout.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { Pagination } from '../../web/pages/pagination.tsx'
import { ListTable } from '../../web/pages/table-card.tsx'
import { SelectField } from '../../web/pages/form.tsx'
import { EMAIL_STATUSES, type EmailLogEntry, type EmailStatus } from '../../email/presenters.ts'
import type { EmailLogFilters } from '../../email/queries/list-outbound-emails.ts'

const STATUS_BADGE: Record<EmailStatus, string> = {
  queued: 'badge--info',
  sending: 'badge--accent',
  sent: 'badge--success',
  failed: 'badge--danger',
}

export const EmailStatusBadge = ({ status }: { status: EmailStatus }) => {
  const { t } = usePage()
  return (
    <span className={`badge ${STATUS_BADGE[status]}`} data-status={status}>
      {t(`email_admin:status.${status}`)}
    </span>
  )
}

const DayField = (props: { name: 'from' | 'to'; value: string; invalid: boolean }) => {
  const { t } = usePage()
  const id = `filter-${props.name}`
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {t(`email_admin:log.filter_${props.name}`)}
      </label>
      <input
        className="input"
        id={id}
        name={props.name}
        type="text"
        inputMode="numeric"
        placeholder={t('email_admin:log.day_placeholder')}
        maxLength={10}
        defaultValue={props.value}
        aria-invalid={props.invalid ? true : undefined}
        aria-describedby={props.invalid ? `${id}-error` : undefined}
      />
      {props.invalid ? (
        <p className="field__error" id={`${id}-error`}>
          {t('email_admin:log.day_invalid')}
        </p>
      ) : null}
    </div>
  )
}

/** The email log: filters, the emails newest first, pages. */
export const EmailLogPage = (props: {
  admin: Pick<SessionAdmin, 'name' | 'email'>
  emails: EmailLogEntry[]
  total: number
  page: number
  pageSize: number
  filters: EmailLogFilters
  invalid: ('from' | 'to')[]
}) => {
  const { t, format, urls } = usePage()
  const { filters } = props
  return (
    <AdminLayout title={t('email_admin:log.title')} current="emails" admin={props.admin}>
      <div className="stack">
        <PageHeader
          title={t('email_admin:log.title')}
          lead={t('email_admin:log.lead')}
          actions={
            <a className="button button--secondary" href={urls.path('adminMailbox')}>
              {t('email_admin:log.open_mailbox')}
            </a>
          }
        />

        <form className="toolbar" method="get" action={urls.path('adminEmails')} role="search">
          <SelectField
            id="filter-status"
            name="status"
            label={t('email_admin:log.filter_status')}
            value={filters.status}
            options={[
              { value: '', label: t('email_admin:log.any_status') },
              ...EMAIL_STATUSES.map((status) => ({
                value: status,
                label: t(`email_admin:status.${status}`),
              })),
            ]}
          />
          <SelectField
            id="filter-template"
            name="template"
            label={t('email_admin:log.filter_template')}
            value={filters.template}
            options={[
              { value: '', label: t('email_admin:log.any_template') },
              ...EMAIL_TEMPLATES.map((code) => ({ value: code, label: code })),
            ]}
          />
          <div className="field">
            <label className="field__label" htmlFor="filter-recipient">
              {t('email_admin:log.filter_recipient')}
            </label>
            <input
              className="input"
              id="filter-recipient"
              name="recipient"
              type="search"
              defaultValue={filters.recipient}
            />
          </div>
          <DayField name="from" value={filters.from} invalid={props.invalid.includes('from')} />
          <DayField name="to" value={filters.to} invalid={props.invalid.includes('to')} />
          <div className="toolbar__spacer" />
          <button className="button button--secondary">{t('email_admin:log.apply')}</button>
          <a className="button button--ghost" href={urls.path('adminEmails')}>
            {t('email_admin:log.reset')}
          </a>
        </form>

        <ListTable
          columns={[
            { label: t('email_admin:log.created') },
            { label: t('email_admin:log.recipient') },
            { label: t('email_admin:log.template') },
            { label: t('email_admin:log.subject') },
            { label: t('email_admin:log.status') },
            { label: t('email_admin:log.attempts'), numeric: true },
          ]}
          empty={
            props.emails.length === 0
              ? { title: t('email_admin:log.empty_title'), text: t('email_admin:log.empty') }
              : null
          }
        >
          {props.emails.map((email) => (
            <tr key={email.id} data-email-id={email.id}>
              <td data-label={t('email_admin:log.created')}>
                <a href={`/admin/emails/${email.id}`}>{format.dateTime(email.createdAt)}</a>
              </td>
              <td data-label={t('email_admin:log.recipient')}>{email.to}</td>
              <td data-label={t('email_admin:log.template')}>
                {email.template} <span className="muted small">{email.language.toUpperCase()}</span>
              </td>
              <td data-label={t('email_admin:log.subject')}>
                {email.subject ?? (
                  <span className="muted">{t('email_admin:log.not_sent_yet')}</span>
                )}
              </td>
              <td data-label={t('email_admin:log.status')}>
                <EmailStatusBadge status={email.status} />
              </td>
              <td data-label={t('email_admin:log.attempts')} className="num">
                {format.number(email.attempts)}
              </td>
            </tr>
          ))}
        </ListTable>
        <Pagination
          page={props.page}
          totalPages={Math.ceil(props.total / props.pageSize)}
          total={props.total}
          texts="email_admin:pagination"
          href={(page) =>
            urls.path('adminEmails', null, {
              status: filters.status || null,
              template: filters.template || null,
              recipient: filters.recipient || null,
              from: filters.from || null,
              to: filters.to || null,
              page,
            })
          }
        />
      </div>
    </AdminLayout>
  )
}
