import type { MailboxMessage } from '../../email/mailbox/mailbox.ts'
import { usePage } from '../../web/pages/page.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import type { SessionAdmin } from '../../accounts/accounts.ts'
import { AdminLayout } from './admin-layout.tsx'
import { EmailFrame } from './email-frame.tsx'

/** One received message: envelope and headers, the HTML (sandboxed), text, attachments. */
export const MailboxMessagePage = (props: {
  admin: Pick<SessionAdmin, 'name' | 'email'>
  message: MailboxMessage
}) => {
  const { t, format, urls } = usePage()
  const { message } = props
  const images = message.attachments.filter(
    (a) => a.disposition === 'inline' && a.contentType.startsWith('image/'),
  )
  const subject = message.subject || t('email_admin:mailbox.no_subject')
  return (
    <AdminLayout title={subject} current="mailbox" admin={props.admin}>
      <div className="stack">
        <PageHeader
          back={{ href: urls.path('adminMailbox'), label: t('email_admin:mailbox.title') }}
          title={subject}
          lead={t('email_admin:message.lead', {
            from: message.from || message.mailFrom,
            received: format.dateTime(message.receivedAt),
          })}
        />

        <section className="card">
          <dl className="details">
            <div className="details__row">
              <dt>{t('email_admin:mailbox.from')}</dt>
              <dd>{message.from || message.mailFrom}</dd>
            </div>
            <div className="details__row">
              <dt>{t('email_admin:mailbox.to')}</dt>
              <dd>{message.to}</dd>
            </div>
            <div className="details__row">
              <dt>{t('email_admin:message.envelope')}</dt>
              <dd>
                {message.mailFrom} → {message.rcptTo.join(', ')}
              </dd>
            </div>
            <div className="details__row">
              <dt>{t('email_admin:mailbox.received')}</dt>
              <dd>{format.dateTime(message.receivedAt)}</dd>
            </div>
            <div className="details__row">
              <dt>{t('email_admin:message.size')}</dt>
              <dd>{t('email_admin:message.bytes', { size: format.number(message.size) })}</dd>
            </div>
          </dl>
          <details>
            <summary>{t('email_admin:message.headers')}</summary>
            <div className="table-wrap">
              <table className="table">
                <tbody>
                  {message.headers.map((header, index) => (
                    <tr key={index}>
                      <th scope="row">{header.name}</th>
                      <td>
                        <code>{header.value}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </section>

        <section className="card stack">
          <h2 className="card__title">{t('email_admin:message.html_part')}</h2>
          {message.html ? (
            <EmailFrame title={subject} html={message.html} images={images} />
          ) : (
            <p className="muted">{t('email_admin:message.no_html')}</p>
          )}
        </section>

        <section className="card stack">
          <h2 className="card__title">{t('email_admin:message.text_part')}</h2>
          {message.text ? (
            <pre className="small" style={{ whiteSpace: 'pre-wrap' }}>
              {message.text}
            </pre>
          ) : (
            <p className="muted">{t('email_admin:message.no_text')}</p>
          )}
        </section>

        <section className="card stack">
          <h2 className="card__title">{t('email_admin:message.attachments')}</h2>
          {message.attachments.length === 0 ? (
            <p className="muted">{t('email_admin:message.no_attachments')}</p>
          ) : (
            <ul className="stack stack--sm">
              {message.attachments.map((attachment, index) => (
                <li key={index} data-attachment={attachment.filename ?? ''}>
                  <strong>{attachment.filename ?? t('email_admin:message.unnamed')}</strong>{' '}
                  <span className="muted small">
                    {attachment.contentType} ·{' '}
                    {t('email_admin:message.bytes', {
                      size: format.number(attachment.content.length),
                    })}{' '}
                    · {t(`email_admin:message.disposition_${attachment.disposition}`)}
                  </span>
                  {attachment.contentType.startsWith('image/') ? (
                    <>
                      <br />
                      <img
                        src={`data:${attachment.contentType};base64,${attachment.content.toString('base64')}`}
                        alt={attachment.filename ?? ''}
                        style={{ maxWidth: '12rem', height: 'auto' }}
                      />
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </AdminLayout>
  )
}
