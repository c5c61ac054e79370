import type { Knex } from 'knex'
import type { Language } from '../../../shared/languages.ts'

/** A merchant in the admin's list. */
export type MerchantListItem = {
  id: string
  name: string
  slug: string
  platformName: string
  status: 'active' | 'suspended'
  stores: number
  /** Whether an owner has set a password (else the merchant waits for its owner). */
  hasOwner: boolean
  version: number
}

/** A merchant is waiting for an owner until one of its active owners has set a password. */
const OWNER_SET =
  "EXISTS (SELECT 1 FROM merchant_users u WHERE u.merchant_id = m.id AND u.role = 'owner' AND u.active AND u.password_hash IS NOT NULL)"

/** The merchants whose name or slug contains `search` (all when empty), by name. */
export const listMerchants = async (db: Knex, search: string): Promise<MerchantListItem[]> => {
  const query = db('merchants as m')
    .join('platforms as p', 'p.id', 'm.platform_id')
    .orderBy('m.name')
    .limit(500)
    .select(
      'm.id',
      'm.name',
      'm.slug',
      'm.status',
      'm.version',
      'p.name as platform_name',
      db.raw('(SELECT count(*)::int FROM stores s WHERE s.merchant_id = m.id) AS stores'),
      db.raw(`${OWNER_SET} AS has_owner`),
    )
  const term = search.trim()
  if (term) {
    const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query.where((w) => w.whereILike('m.name', like).orWhereILike('m.slug', like))
  }
  const rows = await query
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    slug: r.slug,
    platformName: r.platform_name,
    status: r.status,
    stores: r.stores,
    hasOwner: r.has_owner,
    version: r.version,
  }))
}

export type MerchantCounts = { live: number; suspended: number; waitingForOwner: number }

/** The dashboard's counts: merchants live (active with an owner), suspended, waiting for an owner. */
export const countMerchants = async (db: Knex): Promise<MerchantCounts> => {
  const row = await db('merchants as m').first(
    db.raw(`count(*) FILTER (WHERE m.status = 'active' AND ${OWNER_SET})::int AS live`),
    db.raw(`count(*) FILTER (WHERE m.status = 'suspended')::int AS suspended`),
    db.raw(`count(*) FILTER (WHERE m.status = 'active' AND NOT ${OWNER_SET})::int AS waiting`),
  )
  return { live: row.live, suspended: row.suspended, waitingForOwner: row.waiting }
}

export type AdminStoreItem = {
  id: string
  merchantId: string
  code: string
  name: string
  subdomain: string | null
  customDomain: string | null
  timezone: string
  defaultLanguage: Language
  currency: string
  active: boolean
  kiosks: number
  version: number
}

export type MerchantDetail = {
  id: string
  name: string
  slug: string
  platformId: string
  platformName: string
  baseDomain: string
  country: string | null
  currency: string
  defaultLanguage: Language
  status: 'active' | 'suspended'
  suspensionReason: string | null
  suspendedAt: Date | null
  version: number
  stores: AdminStoreItem[]
  team: { name: string; email: string; role: string; active: boolean; invited: boolean }[]
  programme: { type: string; status: string } | null
  kiosks: { active: number; pending: number; revoked: number }
  members: number
  emails: { sent: number; failed: number; queued: number }
  /** The latest audit row or ledger entry of the merchant. */
  lastActivity: Date | null
}

const presentStore = (r: Record<string, unknown>): AdminStoreItem => ({
  id: r.id as string,
  merchantId: r.merchant_id as string,
  code: r.code as string,
  name: r.name as string,
  subdomain: r.subdomain as string | null,
  customDomain: r.custom_domain as string | null,
  timezone: r.timezone as string,
  defaultLanguage: r.default_language as Language,
  currency: r.currency as string,
  active: r.active as boolean,
  kiosks: (r.kiosks as number) ?? 0,
  version: r.version as number,
})

/** One store, as the admin's store form shows it; null when there is none. */
export const findAdminStore = async (db: Knex, storeId: string): Promise<AdminStoreItem | null> => {
  const row = await db('stores')
    .where({ id: storeId })
    .first(
      '*',
      db.raw(
        "(SELECT count(*)::int FROM kiosks k WHERE k.store_id = stores.id AND k.status = 'active') AS kiosks",
      ),
    )
  return row ? presentStore(row) : null
}

/** Everything the admin's merchant page shows; null when there is no such merchant. */
export const loadMerchantDetail = async (
  db: Knex,
  merchantId: string,
): Promise<MerchantDetail | null> => {
  const m = await db('merchants as m')
    .join('platforms as p', 'p.id', 'm.platform_id')
    .where('m.id', merchantId)
    .first('m.*', 'p.name as platform_name', 'p.base_domain')
  if (!m) return null
  const [stores, team, programme, kiosks, members, emails, activity] = await Promise.all([
    db('stores')
      .where('merchant_id', merchantId)
      .orderBy([{ column: 'active', order: 'desc' }, 'name'])
      .select(
        '*',
        db.raw(
          "(SELECT count(*)::int FROM kiosks k WHERE k.store_id = stores.id AND k.status = 'active') AS kiosks",
        ),
      ),
    db('merchant_users')
      .where('merchant_id', merchantId)
      .orderBy(['role', 'name'])
      .select('name', 'email', 'role', 'active', db.raw('password_hash IS NULL AS invited')),
    db('programmes')
      .where('merchant_id', merchantId)
      .orderByRaw("status IN ('active', 'paused') DESC, updated_at DESC")
      .first('type', 'status'),
    db('kiosks')
      .where('merchant_id', merchantId)
      .groupBy('status')
      .select('status', db.raw('count(*)::int AS n')),
    db('cards').where('merchant_id', merchantId).first(db.raw('count(*)::int AS n')),
    db('outbound_emails')
      .where('merchant_id', merchantId)
      .groupBy('status')
      .select('status', db.raw('count(*)::int AS n')),
    db.raw<{ rows: { at: Date | null }[] }>(
      `SELECT greatest(
         (SELECT max(created_at) FROM audit_log WHERE merchant_id = ?),
         (SELECT max(recorded_at) FROM ledger_entries WHERE merchant_id = ?)) AS at`,
      [merchantId, merchantId],
    ),
  ])
  const count = (rows: { status: string; n: number }[], status: string) =>
    rows.find((r) => r.status === status)?.n ?? 0
  return {
    id: m.id,
    name: m.name,
    slug: m.slug,
    platformId: m.platform_id,
    platformName: m.platform_name,
    baseDomain: m.base_domain,
    country: m.country,
    currency: m.currency,
    defaultLanguage: m.default_language,
    status: m.status,
    suspensionReason: m.suspension_reason,
    suspendedAt: m.suspended_at,
    version: m.version,
    stores: stores.map(presentStore),
    team,
    programme: programme ?? null,
    kiosks: {
      active: count(kiosks, 'active'),
      pending: count(kiosks, 'pending'),
      revoked: count(kiosks, 'revoked'),
    },
    members: members?.n ?? 0,
    emails: {
      sent: count(emails, 'sent'),
      failed: count(emails, 'failed'),
      queued: count(emails, 'queued'),
    },
    lastActivity: activity.rows[0]?.at ?? null,
  }
}

/** Whether there is a merchant with this id. */
export const merchantExists = async (db: Knex, id: string): Promise<boolean> =>
  !!(await db('merchants').where('id', id).first('id'))

/** Every merchant's id and name, by name (the audit page's filter). */
export const listMerchantNames = async (db: Knex): Promise<{ id: string; name: string }[]> =>
  await db('merchants').orderBy('name').select('id', 'name')
