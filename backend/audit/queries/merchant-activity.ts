import type { Knex } from 'knex'

/** What the Activity page filters by; every one optional. */
export type ActivityFilters = {
  /** `merchant_user:<id>`, or a kind of actor with no person behind it: `api_key`, `kiosk`, `system`. */
  actor?: string | undefined
  /** An audit action, e.g. `ledger.adjust`. */
  action?: string | undefined
  /** Calendar days (YYYY-MM-DD), both included, in `timeZone`. */
  from?: string | undefined
  to?: string | undefined
}

export type ActivityEntry = {
  id: string
  createdAt: Date
  actorType: string
  actorId: string | null
  /** The merchant user's name (null for a key, a kiosk, the system, or a removed user). */
  actorName: string | null
  action: string
  subjectType: string | null
  subjectId: string | null
  data: Record<string, unknown>
}

export type ActivityPage = {
  entries: ActivityEntry[]
  total: number
  /** The people and actions the filters offer: those present in the merchant's trail. */
  people: { value: string; name: string }[]
  actions: string[]
}

const ACTOR_KINDS = ['api_key', 'kiosk', 'system'] as const

/**
 * One page of the merchant's own audit trail, newest first: who did what (adjusted, reversed,
 * blocked, decided a review item, changed settings…), filtered by person, action and days.
 */
export const listMerchantActivity = async (
  db: Knex,
  merchantId: string,
  filters: ActivityFilters,
  page: { page: number; perPage: number; timeZone: string },
): Promise<ActivityPage> => {
  const filtered = () =>
    db('audit_log as a')
      .where('a.merchant_id', merchantId)
      .modify((q) => {
        const actor = filters.actor ?? ''
        if (actor.startsWith('merchant_user:'))
          void q.where({ 'a.actor_type': 'merchant_user', 'a.actor_id': actor.slice(14) })
        else if ((ACTOR_KINDS as readonly string[]).includes(actor))
          void q.where('a.actor_type', actor)
        if (filters.action) void q.where('a.action', filters.action)
        if (filters.from)
          void q.where(
            'a.created_at',
            '>=',
            db.raw('(?::date)::timestamp AT TIME ZONE ?', [filters.from, page.timeZone]),
          )
        if (filters.to)
          void q.where(
            'a.created_at',
            '<',
            db.raw(`((?::date) + 1)::timestamp AT TIME ZONE ?`, [filters.to, page.timeZone]),
          )
      })
  const [rows, [count], people, actions] = await Promise.all([
    filtered()
      .leftJoin('merchant_users as mu', (j) =>
        j.on(db.raw(`a.actor_type = 'merchant_user' AND mu.id::text = a.actor_id`)),
      )
      .orderBy([
        { column: 'a.created_at', order: 'desc' },
        { column: 'a.id', order: 'desc' },
      ])
      .limit(page.perPage)
      .offset((page.page - 1) * page.perPage)
      .select<
        {
          id: string
          created_at: Date
          actor_type: string
          actor_id: string | null
          actor_name: string | null
          action: string
          subject_type: string | null
          subject_id: string | null
          data: Record<string, unknown>
        }[]
      >(
        'a.id',
        'a.created_at',
        'a.actor_type',
        'a.actor_id',
        'mu.name as actor_name',
        'a.action',
        'a.subject_type',
        'a.subject_id',
        'a.data',
      ),
    filtered().count<{ n: string }[]>({ n: '*' }),
    db('merchant_users')
      .where('merchant_id', merchantId)
      .orderBy('name')
      .select<{ id: string; name: string }[]>('id', 'name'),
    db('audit_log')
      .where('merchant_id', merchantId)
      .distinct('action')
      .orderBy('action')
      .pluck<string[]>('action'),
  ])
  return {
    entries: rows.map((row) => ({
      id: row.id,
      createdAt: row.created_at,
      actorType: row.actor_type,
      actorId: row.actor_id,
      actorName: row.actor_name,
      action: row.action,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      data: row.data,
    })),
    total: Number(count?.n ?? 0),
    people: people.map((p) => ({ value: `merchant_user:${p.id}`, name: p.name })),
    actions,
  }
}
