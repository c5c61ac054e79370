import type { Knex } from 'knex'
import { isUuid } from '../../../shared/schemas/common.ts'
import { readDatabase } from '../../db/read-replica.ts'

export const AUDIT_PAGE_SIZE = 50

/** The audit page's filters, as its query string gives them (each optional). */
export type AuditFilters = {
  merchant?: string
  /** An actor's type (`admin`, `merchant_user` …) or its id. */
  actor?: string
  /** An action, or its prefix (`store.` matches every store action). */
  action?: string
  /** Dates, YYYY-MM-DD, both inclusive (UTC days). */
  from?: string
  to?: string
}

export type AuditRow = {
  id: string
  createdAt: Date
  merchantId: string | null
  merchantName: string | null
  actorType: string
  actorId: string | null
  /** The acting person's name (an admin or a merchant user), when there is one. */
  actorName: string | null
  action: string
  subjectType: string | null
  subjectId: string | null
  /** The changed fields, before and after (audited.ts), or whatever else the row recorded. */
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
  data: Record<string, unknown>
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** The filters a query string gives, keeping only well-formed ones. */
export const readAuditFilters = (query: Record<string, unknown>): AuditFilters => {
  const text = (name: string) => {
    const value = query[name]
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
  }
  const day = (name: string) => {
    const value = text(name)
    return value && DAY.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined
  }
  const merchant = text('merchant')
  return {
    ...(merchant && isUuid(merchant) ? { merchant } : {}),
    ...(text('actor') ? { actor: text('actor')! } : {}),
    ...(text('action') ? { action: text('action')! } : {}),
    ...(day('from') ? { from: day('from')! } : {}),
    ...(day('to') ? { to: day('to')! } : {}),
  }
}

const filtered = (db: Knex, filters: AuditFilters) => {
  const query = db('audit_log as a')
    .leftJoin('merchants as m', 'm.id', 'a.merchant_id')
    // Who acted, by name where the actor is a person (an admin or a merchant user).
    .leftJoin('platform_admins as pa', (j) =>
      j.on(db.raw("a.actor_type = 'platform_admin' AND pa.id::text = a.actor_id")),
    )
    .leftJoin('merchant_users as mu', (j) =>
      j.on(db.raw("a.actor_type = 'merchant_user' AND mu.id::text = a.actor_id")),
    )
  if (filters.merchant) query.where('a.merchant_id', filters.merchant)
  if (filters.actor)
    query.where((w) =>
      w.where('a.actor_type', filters.actor!).orWhere('a.actor_id', filters.actor!),
    )
  if (filters.action)
    query.where((w) =>
      w
        .where('a.action', filters.action!)
        .orWhereLike('a.action', `${filters.action!.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
    )
  if (filters.from) query.where('a.created_at', '>=', `${filters.from}T00:00:00Z`)
  if (filters.to) query.whereRaw(`a.created_at < (?::date + 1)::timestamptz`, [filters.to])
  return query
}

const COLUMNS = [
  'a.id',
  'a.created_at',
  'a.merchant_id',
  'm.name as merchant_name',
  'a.actor_type',
  'a.actor_id',
  'pa.name as admin_name',
  'mu.name as merchant_user_name',
  'a.action',
  'a.subject_type',
  'a.subject_id',
  'a.data',
]

const isFields = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export const presentAuditRow = (r: Record<string, unknown>): AuditRow => {
  const data = isFields(r.data) ? r.data : {}
  return {
    id: r.id as string,
    createdAt: new Date(r.created_at as string),
    merchantId: (r.merchant_id as string | null) ?? null,
    merchantName: (r.merchant_name as string | null) ?? null,
    actorType: r.actor_type as string,
    actorId: (r.actor_id as string | null) ?? null,
    actorName: ((r.admin_name ?? r.merchant_user_name) as string | null) ?? null,
    action: r.action as string,
    subjectType: (r.subject_type as string | null) ?? null,
    subjectId: (r.subject_id as string | null) ?? null,
    before: isFields(data.before) ? data.before : null,
    after: isFields(data.after) ? data.after : null,
    data,
  }
}

/** One page of the audit log, newest first, and how many rows the filters match. */
export const loadAuditPage = async (
  db: Knex,
  filters: AuditFilters,
  page: number,
): Promise<{ rows: AuditRow[]; total: number; page: number; pages: number }> => {
  const counted = await filtered(db, filters).first(db.raw('count(*)::int AS n'))
  const total = (counted as { n: number } | undefined)?.n ?? 0
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE))
  const current = Math.min(Math.max(1, page), pages)
  const rows = await filtered(db, filters)
    .orderBy([
      { column: 'a.created_at', order: 'desc' },
      { column: 'a.id', order: 'desc' },
    ])
    .limit(AUDIT_PAGE_SIZE)
    .offset((current - 1) * AUDIT_PAGE_SIZE)
    .select(COLUMNS)
  return { rows: rows.map(presentAuditRow), total, page: current, pages }
}

const BATCH = 500

/**
 * Every row the filters match, newest first, read in batches of 500 by keyset (created_at, id)
 * so the CSV download holds one batch in memory however long the log is. Read from the read
 * replica when there is one (an export may lag the primary by a moment).
 */
export async function* auditRowsInBatches(
  primary: Knex,
  filters: AuditFilters,
): AsyncGenerator<Record<string, unknown>> {
  const db = readDatabase(primary)
  let after: { created_at: Date; id: string } | null = null
  for (;;) {
    const query = filtered(db, filters)
    if (after) query.whereRaw('(a.created_at, a.id) < (?, ?)', [after.created_at, after.id])
    const rows: Record<string, unknown>[] = await query
      .orderBy([
        { column: 'a.created_at', order: 'desc' },
        { column: 'a.id', order: 'desc' },
      ])
      .limit(BATCH)
      .select(COLUMNS)
    yield* rows
    if (rows.length < BATCH) return
    const last = rows[rows.length - 1]!
    after = { created_at: last.created_at as Date, id: last.id as string }
  }
}
