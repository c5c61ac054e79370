import type { ReactNode } from 'react'
import type { RenderedEmail } from '../../email/render-email.ts'
import { PostForm } from '../../web/pages/form.tsx'
import { usePage } from '../../web/pages/page.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import type { SessionAdmin } from '../../accounts/accounts.ts'
import { AdminLayout } from './admin-layout.tsx'
import { EmailFrame } from './email-frame.tsx'
import { EmailStatusBadge } from './email-log-page.tsx'
import type { EmailLogDetail } from '../../email/presenters.ts'

const Row = ({ label, children }: { label: string; children: ReactNode }) => (
  <div className="details__row">
    <dt>{label}</dt>
    <dd>{children}</dd>
  </div>
)

/** One outbound email: its delivery, its error, the message as it renders now; resend. */
export const EmailDetailPage = (props: {
  admin: Pick<SessionAdmin, 'name' | 'email'>
  email: EmailLogDetail
  rendered: RenderedEmail | null
  renderError: string | null
  /** The email a resend just created. */
  resentId: string | null
}) => {
  const { t, format, urls } = usePage()
  const { email, rendered } = props
  const none = <span className="muted">—</span>
  const when = (value: Date | null) => (value ? format.dateTime(value) : none)
  return (
    <AdminLayout title={t('email_admin:detail.title')} current="emails" admin={props.admin}>
      <div className="stack">
        <PageHeader
          back={{ href: urls.path('adminEmails'), label: t('email_admin:log.title') }}
          title={t('email_admin:detail.title')}
          lead={t('email_admin:detail.lead', { template: email.template, to: email.to })}
          actions={
            <PostForm
              action={`/admin/emails/${email.id}/resend`}
              className="form form--compact"
              confirm={t('email_admin:detail.resend_confirm', { to: email.to })}
            >
              <button className="button button--primary">{t('email_admin:detail.resend')}</button>
            </PostForm>
          }
        />

        {props.resentId ? (
          <div className="alert alert--success" role="status">
            <p>
              {t('email_admin:detail.resent', { to: email.to })}{' '}
              <a href={`/admin/emails/${props.resentId}`}>{t('email_admin:detail.resent_link')}</a>
            </p>
          </div>
        ) : null}

        <section className="card">
          <h2 className="card__title">{t('email_admin:detail.delivery')}</h2>
          <dl className="details">
            <Row label={t('email_admin:log.status')}>
              <EmailStatusBadge status={email.status} />
            </Row>
            <Row label={t('email_admin:log.recipient')}>{email.to}</Row>
            <Row label={t('email_admin:log.template')}>
              {email.template} ({email.language.toUpperCase()})
            </Row>
            <Row label={t('email_admin:log.created')}>{when(email.createdAt)}</Row>
            <Row label={t('email_admin:log.attempts')}>{format.number(email.attempts)}</Row>
            <Row label={t('email_admin:detail.last_attempt')}>{when(email.lastAttemptAt)}</Row>
            <Row label={t('email_admin:detail.sent_at')}>{when(email.sentAt)}</Row>
            <Row label={t('email_admin:detail.failed_at')}>{when(email.failedAt)}</Row>
            <Row label={t('email_admin:detail.from')}>{email.fromAddress ?? none}</Row>
            <Row label={t('email_admin:detail.smtp_host')}>{email.smtpHost ?? none}</Row>
            <Row label={t('email_admin:detail.message_id')}>
              {email.messageId ? <code>{email.messageId}</code> : none}
            </Row>
            <Row label={t('email_admin:detail.smtp_response')}>
              {email.smtpResponse ? <code>{email.smtpResponse}</code> : none}
            </Row>
            <Row label={t('email_admin:detail.last_error')}>
              {email.lastError ? <code data-last-error>{email.lastError}</code> : none}
            </Row>
          </dl>
        </section>

        <section className="card stack">
          <h2 className="card__title">{t('email_admin:detail.message')}</h2>
          <p className="muted small">{t('email_admin:detail.message_hint')}</p>
          {rendered ? (
            <>
              <dl className="details">
                <Row label={t('email_admin:log.subject')}>{rendered.subject}</Row>
                <Row label={t('email_admin:detail.sender_name')}>{rendered.senderName}</Row>
              </dl>
              <EmailFrame
                title={rendered.subject}
                html={rendered.html}
                images={rendered.inlineImages.map((image) => ({
                  contentId: image.cid,
                  contentType: image.contentType,
                  content: image.content,
                }))}
              />
              <details>
                <summary>{t('email_admin:detail.text_part')}</summary>
                <pre className="small" style={{ whiteSpace: 'pre-wrap' }}>
                  {rendered.text}
                </pre>
              </details>
            </>
          ) : (
            <div className="alert alert--error" role="alert">
              <p>{t('email_admin:detail.render_failed')}</p>
              <p>
                <code>{props.renderError}</code>
              </p>
            </div>
          )}
        </section>
      </div>
    </AdminLayout>
  )
}
