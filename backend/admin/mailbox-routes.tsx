import { pageList } from '../web/pages/page-route.ts'
import type { Knex } from 'knex'
import { AppError } from '../errors.ts'
import { listMailboxMessages, readMailboxMessage } from '../email/mailbox/mailbox.ts'
import { sendPage } from '../web/pages/page.tsx'
import { pageNumber, queryText } from '../web/pages/query.ts'
import { MailboxListPage } from './views/mailbox-list-page.tsx'
import { MailboxMessagePage } from './views/mailbox-message-page.tsx'

export const MAILBOX_PAGE_SIZE = 25

/**
 * The local mailbox (/admin/mailbox): what RewardFlow's own SMTP server received, newest first,
 * searchable; one message with its headers, its HTML (sandboxed), its text and attachments.
 */
export const mailboxRoutes = (db: Knex) => {
  const pages = pageList()

  pages.get('adminMailbox', 'mailbox.read', async (ctx) => {
    const search = queryText(ctx, 'q')
    const page = pageNumber(ctx)
    const { messages, total } = await listMailboxMessages(db, {
      search,
      limit: MAILBOX_PAGE_SIZE,
      offset: (page - 1) * MAILBOX_PAGE_SIZE,
    })
    sendPage(
      ctx,
      'admin',
      <MailboxListPage
        admin={ctx.state.admin!}
        messages={messages}
        total={total}
        page={page}
        pageSize={MAILBOX_PAGE_SIZE}
        search={search}
      />,
    )
  })

  pages.get('adminMailboxMessage', 'mailbox.read', async (ctx) => {
    const message = await readMailboxMessage(db, ctx.params.id ?? '')
    if (!message) throw new AppError('NOT_FOUND')
    sendPage(ctx, 'admin', <MailboxMessagePage admin={ctx.state.admin!} message={message} />)
  })

  return pages.routes
}
