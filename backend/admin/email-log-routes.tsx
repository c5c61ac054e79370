import { pageList } from '../web/pages/page-route.ts'
import { isUuid } from '../../shared/schemas/common.ts'
import type { Knex } from 'knex'
import type { Config } from '../config.ts'
import { resendEmail } from '../email/commands/resend-email.ts'
import { renderOutboundEmail, type RenderedEmail } from '../email/render-email.ts'
import { EMAIL_TEMPLATES } from '../email/template-variables.ts'
import { isLanguage } from '../../shared/languages.ts'
import { AppError } from '../errors.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { pageNumber, queryText } from '../web/pages/query.ts'
import {
  EMAIL_STATUSES,
  type EmailLogFilters,
  type EmailLogEntry,
  type EmailStatus,
} from './views/email-log-types.ts'
import { EmailLogPage } from './views/email-log-page.tsx'
import { EmailDetailPage } from './views/email-detail-page.tsx'

export const EMAIL_LOG_PAGE_SIZE = 25

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** A YYYY-MM-DD that names a real day, else null. */
const validDay = (value: string): boolean => {
  const match = DAY.exec(value)
  if (!match) return false
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
  return date.toISOString().slice(0, 10) === value
}

/** The filters of the query string; a day that is not YYYY-MM-DD is reported, not applied. */
const filtersOf = (ctx: PageCtx): { filters: EmailLogFilters; invalid: ('from' | 'to')[] } => {
  const status = queryText(ctx, 'status')
  const template = queryText(ctx, 'template')
  const from = queryText(ctx, 'from')
  const to = queryText(ctx, 'to')
  const invalid = (['from', 'to'] as const).filter((k) => {
    const v = k === 'from' ? from : to
    return v !== '' && !validDay(v)
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

// Days are the platform's (Luxembourg) days, as the page shows times.
const ZONE = 'Europe/Luxembourg'

/** The email log, newest first, filtered; `total` counts every match for paging. */
export const listOutboundEmails = async (
  db: Knex,
  filters: EmailLogFilters,
  options: { limit: number; offset: number },
): Promise<{ emails: EmailLogEntry[]; total: number }> => {
  const filtered = () => {
    const query = db('outbound_emails')
    if (filters.status) query.where('status', filters.status)
    if (filters.template) query.where('template', filters.template)
    if (filters.recipient) {
      const like = `%${filters.recipient.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      query.whereRaw('lower(to_address) LIKE ?', [like])
    }
    if (filters.from && validDay(filters.from))
      query.whereRaw(`created_at >= (?::date)::timestamp AT TIME ZONE '${ZONE}'`, [filters.from])
    if (filters.to && validDay(filters.to))
      query.whereRaw(`created_at < (?::date + 1)::timestamp AT TIME ZONE '${ZONE}'`, [filters.to])
    return query
  }
  const [rows, count] = await Promise.all([
    filtered()
      .select(
        'id',
        'template',
        'to_address',
        'language',
        'status',
        'attempts',
        'subject',
        'created_at',
      )
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit)
      .offset(options.offset),
    filtered().count<{ n: string }[]>({ n: '*' }),
  ])
  return {
    emails: rows.map((row): EmailLogEntry => ({
      id: row.id,
      template: row.template,
      to: row.to_address,
      language: row.language,
      status: row.status,
      attempts: row.attempts,
      subject: row.subject,
      createdAt: row.created_at,
    })),
    total: Number(count[0]?.n ?? 0),
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
    const id = ctx.params.id ?? ''
    const row = isUuid(id) ? await db('outbound_emails').where('id', id).first() : undefined
    if (!row || !isLanguage(row.language)) throw new AppError('NOT_FOUND')
    let rendered: RenderedEmail | null = null
    let renderError: string | null = null
    try {
      rendered = await renderOutboundEmail(db, config, row)
    } catch (error) {
      renderError = error instanceof Error ? error.message : String(error)
    }
    const resent = queryText(ctx, 'resent')
    sendPage(
      ctx,
      'admin',
      <EmailDetailPage
        admin={ctx.state.admin!}
        email={{
          id: row.id,
          template: row.template,
          to: row.to_address,
          language: row.language,
          status: row.status,
          attempts: row.attempts,
          subject: row.subject,
          createdAt: row.created_at,
          lastError: row.last_error,
          messageId: row.message_id,
          smtpResponse: row.smtp_response,
          fromAddress: row.from_address,
          smtpHost: row.smtp_host,
          lastAttemptAt: row.last_attempt_at,
          sentAt: row.sent_at,
          failedAt: row.failed_at,
        }}
        rendered={rendered}
        renderError={renderError}
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
