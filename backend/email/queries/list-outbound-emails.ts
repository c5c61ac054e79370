import type { Queryable } from '../../db/transaction.ts'
import {
  presentEmailLogEntry,
  type EmailLogEntry,
  type EmailStatus,
  type OutboundEmailLogRow,
} from '../presenters.ts'

export type EmailLogFilters = {
  status: EmailStatus | ''
  template: string
  /** Part of the recipient's address (case-insensitive). */
  recipient: string
  /** Days (YYYY-MM-DD), both included. */
  from: string
  to: string
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** A YYYY-MM-DD that names a real day. */
export const isCalendarDay = (value: string): boolean => {
  const match = DAY.exec(value)
  if (!match) return false
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
  return date.toISOString().slice(0, 10) === value
}

// Days are the platform's (Luxembourg) days, as the page shows times.
const ZONE = 'Europe/Luxembourg'

/**
 * The email log, newest first, filtered (a day that is not a real YYYY-MM-DD is not applied);
 * `total` counts every match for paging.
 */
export const listOutboundEmails = async (
  db: Queryable,
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
    if (filters.from && isCalendarDay(filters.from))
      query.whereRaw(`created_at >= (?::date)::timestamp AT TIME ZONE '${ZONE}'`, [filters.from])
    if (filters.to && isCalendarDay(filters.to))
      query.whereRaw(`created_at < (?::date + 1)::timestamp AT TIME ZONE '${ZONE}'`, [filters.to])
    return query
  }
  const [rows, count] = await Promise.all([
    filtered()
      .select<OutboundEmailLogRow[]>(
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
  return { emails: rows.map(presentEmailLogEntry), total: Number(count[0]?.n ?? 0) }
}
