import type { MailboxMessageSummary } from '../../email/presenters.ts'
import { usePage } from '../../web/pages/page.tsx'
import type { SessionAdmin } from '../../accounts/accounts.ts'
import { AdminLayout } from './admin-layout.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { Pagination } from '../../web/pages/pagination.tsx'
import { ListTable } from '../../web/pages/table-card.tsx'

/** The local mailbox: received messages, newest first, with a search box. */
export const MailboxListPage = (props: {
  admin: Pick<SessionAdmin, 'name' | 'email'>
  messages: MailboxMessageSummary[]
  total: number
  page: number
  pageSize: number
  search: string
}) => {
  const { t, format, urls } = usePage()
  return (
    <AdminLayout title={t('email_admin:mailbox.title')} current="mailbox" admin={props.admin}>
      <div className="stack">
        <PageHeader
          title={t('email_admin:mailbox.title')}
          lead={t('email_admin:mailbox.lead')}
          actions={
            <a className="button button--secondary" href={urls.path('adminEmails')}>
              {t('email_admin:mailbox.open_log')}
            </a>
          }
        />

        <form className="toolbar" method="get" action={urls.path('adminMailbox')} role="search">
          <div className="field">
            <label className="field__label" htmlFor="mailbox-search">
              {t('email_admin:mailbox.search')}
            </label>
            <input
              className="input"
              id="mailbox-search"
              name="q"
              type="search"
              defaultValue={props.search}
            />
          </div>
          <button className="button button--secondary">
            {t('email_admin:mailbox.search_submit')}
          </button>
        </form>

        <ListTable
          columns={[
            { label: t('email_admin:mailbox.received') },
            { label: t('email_admin:mailbox.from') },
            { label: t('email_admin:mailbox.to') },
            { label: t('email_admin:mailbox.subject') },
          ]}
          empty={
            props.messages.length === 0
              ? {
                  title: t('email_admin:mailbox.empty_title'),
                  text: t('email_admin:mailbox.empty'),
                }
              : null
          }
        >
          {props.messages.map((message) => (
            <tr key={message.id} data-message-id={message.id}>
              <td data-label={t('email_admin:mailbox.received')}>
                {format.dateTime(message.receivedAt)}
              </td>
              <td data-label={t('email_admin:mailbox.from')}>{message.from || message.mailFrom}</td>
              <td data-label={t('email_admin:mailbox.to')}>
                {message.to || message.rcptTo.join(', ')}
              </td>
              <td data-label={t('email_admin:mailbox.subject')}>
                <a href={`/admin/mailbox/${message.id}`}>
                  {message.subject || t('email_admin:mailbox.no_subject')}
                </a>
              </td>
            </tr>
          ))}
        </ListTable>
        <Pagination
          page={props.page}
          totalPages={Math.ceil(props.total / props.pageSize)}
          total={props.total}
          texts="email_admin:pagination"
          href={(page) => urls.path('adminMailbox', null, { q: props.search || null, page })}
        />
      </div>
    </AdminLayout>
  )
}
