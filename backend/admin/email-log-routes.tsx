import { pageList } from '../web/pages/page-route.ts'
import { isUuid } from '../../shared/schemas/common.ts'
import type { Knex } from 'knex'
import type { Config } from '../config.ts'
import { resendEmail } from '../email/commands/resend-email.ts'
import { EMAIL_STATUSES, type EmailStatus } from '../email/presenters.ts'
import {
  isCalendarDay,
  listOutboundEmails,
  type EmailLogFilters,
} from '../email/queries/list-outbound-emails.ts'
import { loadEmailLogDetail } from '../email/queries/load-email-log-detail.ts'
import { EMAIL_TEMPLATES } from '../email/template-variables.ts'
import { AppError } from '../errors.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { pageNumber, queryText } from '../web/pages/query.ts'
import { EmailLogPage } from './views/email-log-page.tsx'
import { EmailDetailPage } from './views/email-detail-page.tsx'

export const EMAIL_LOG_PAGE_SIZE = 25

/** The filters of the query string; a day that is not YYYY-MM-DD is reported, not applied. */
const filtersOf = (ctx: PageCtx): { filters: EmailLogFilters; invalid: ('from' | 'to')[] } => {
  const status = queryText(ctx, 'status')
  const template = queryText(ctx, 'template')
  const from = queryText(ctx, 'from')
  const to = queryText(ctx, 'to')
  const invalid = (['from', 'to'] as const).filter((k) => {
    const v = k === 'from' ? from : to
    return v !== '' && !isCalendarDay(v)
  })
  return {
    filters: {
      status: (EMAIL_STATUSES as readonly string[]).includes(status) ? (status as EmailStatus) : '',
      template: (EMAIL_TEMPLATES as readonly string[]).includes(template) ? template : '',
      recipient: queryText(ctx, 'recipient'),
      from,
      to,
    },
    invalid,
  }
}

/**
 * The email log (/admin/emails): every outbound email with its delivery state, filtered by
 * status, template, recipient and day; one email's detail with the message as its current
 * template renders it; and resending it (a new email).
 */
export const emailLogRoutes = (db: Knex, config: Config) => {
  const pages = pageList()

  pages.get('adminEmails', 'email.log.read', async (ctx) => {
    const { filters, invalid } = filtersOf(ctx)
    const page = pageNumber(ctx)
    const { emails, total } = await listOutboundEmails(db, filters, {
      limit: EMAIL_LOG_PAGE_SIZE,
      offset: (page - 1) * EMAIL_LOG_PAGE_SIZE,
    })
    sendPage(
      ctx,
      'admin',
      <EmailLogPage
        admin={ctx.state.admin!}
        emails={emails}
        total={total}
        page={page}
        pageSize={EMAIL_LOG_PAGE_SIZE}
        filters={filters}
        invalid={invalid}
      />,
    )
  })

  pages.get('adminEmail', 'email.log.read', async (ctx) => {
    const detail = await loadEmailLogDetail(db, config, ctx.params.id ?? '')
    if (!detail) throw new AppError('NOT_FOUND')
    const resent = queryText(ctx, 'resent')
    sendPage(
      ctx,
      'admin',
      <EmailDetailPage
        admin={ctx.state.admin!}
        email={detail.email}
        rendered={detail.rendered}
        renderError={detail.renderError}
        resentId={isUuid(resent) ? resent : null}
      />,
    )
  })

  pages.post('adminEmailResend', 'email.resend', async (ctx) => {
    const id = ctx.params.id ?? ''
    const created = isUuid(id) ? await resendEmail(db, { outboundEmailId: id }) : null
    if (!created) throw new AppError('NOT_FOUND')
    seeOther(ctx, `/admin/emails/${id}?resent=${created.id}`)
  })

  return pages.routes
}
