import type { Queryable } from '../../db/transaction.ts'
import { isUuid } from '../../../shared/schemas/common.ts'
import { parseEmail, type MailAttachment, type MailHeader } from './mime.ts'
import {
  presentMailboxMessageSummary,
  type MailboxMessageRow,
  type MailboxMessageSummary,
} from '../presenters.ts'

// What the admin mailbox page (/admin/mailbox) reads: the messages the local mailbox received.

export type MailboxMessage = MailboxMessageSummary & {
  headers: MailHeader[]
  text: string | null
  html: string | null
  /** Inline images (the card QR: `cid:` links in the HTML) and attachments, with their bytes. */
  attachments: MailAttachment[]
  /** The message exactly as received. */
  raw: Buffer
}

const SUMMARY_COLUMNS = [
  'id',
  'mail_from',
  'rcpt_to',
  'from_header',
  'to_header',
  'subject',
  'message_id',
  'size',
  'received_at',
] as const

/**
 * The newest messages first. `search` matches a recipient, the sender or the subject
 * (case-insensitive); `total` counts every match for paging.
 */
export const listMailboxMessages = async (
  db: Queryable,
  options: { limit?: number; offset?: number; search?: string } = {},
): Promise<{ messages: MailboxMessageSummary[]; total: number }> => {
  const filtered = () => {
    const query = db('mailbox_messages')
    const search = options.search?.trim()
    if (search) {
      const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      query.where((q) =>
        q
          .whereILike('subject', like)
          .orWhereILike('to_header', like)
          .orWhereILike('from_header', like)
          .orWhereRaw(`array_to_string(rcpt_to, ' ') ILIKE ?`, [like]),
      )
    }
    return query
  }
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500)
  const [rows, count] = await Promise.all([
    filtered()
      .select(SUMMARY_COLUMNS)
      .orderBy([
        { column: 'received_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit)
      .offset(Math.max(options.offset ?? 0, 0)),
    filtered().count<{ n: number }[]>({ n: '*' }),
  ])
  return {
    messages: (rows as MailboxMessageRow[]).map(presentMailboxMessageSummary),
    total: Number(count[0]?.n ?? 0),
  }
}

/** One message, parsed (text, HTML, inline images), or null when there is none with that id. */
export const readMailboxMessage = async (
  db: Queryable,
  id: string,
): Promise<MailboxMessage | null> => {
  if (!isUuid(id)) return null
  const row: (MailboxMessageRow & { raw: Buffer }) | undefined = await db('mailbox_messages')
    .where('id', id)
    .first([...SUMMARY_COLUMNS, 'raw'])
  if (!row) return null
  const parsed = await parseEmail(row.raw)
  return {
    ...presentMailboxMessageSummary(row),
    headers: parsed.headers,
    text: parsed.text,
    html: parsed.html,
    attachments: parsed.attachments,
    raw: row.raw,
  }
}

/** Empties the mailbox (or only messages received before `before`); returns how many went. */
export const clearMailbox = async (db: Queryable, options: { before?: Date } = {}) => {
  const query = db('mailbox_messages')
  if (options.before) query.where('received_at', '<', options.before)
  return query.delete()
}

/** How long the local mailbox keeps a message: whole raw emails, so it must not grow forever. */
export const MAILBOX_RETENTION_DAYS = 30

/** Deletes messages older than the retention (the daily `email:purge-mailbox` job). */
export const purgeOldMailboxMessages = (db: Queryable, now = new Date()) =>
  clearMailbox(db, { before: new Date(now.getTime() - MAILBOX_RETENTION_DAYS * 86_400_000) })
