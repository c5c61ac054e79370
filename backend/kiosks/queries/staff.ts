import type { Knex } from 'knex'
import { isUuid } from '../../../shared/schemas/common.ts'
import type { Queryable } from '../../db/transaction.ts'

/** A cashier as the policies and the merchant's pages see them. */
export type StaffMember = {
  id: string
  merchantId: string
  name: string
  active: boolean
  /** The row's version: a deactivation names the one it saw (PIN changes do not). */
  version: number
  locked: boolean
  hasPin: boolean
  /** Failed PINs counted now (since the latest correct PIN, unlock or new PIN). */
  failedAttempts: number
  /** Their stores, by name. */
  stores: { id: string; code: string; name: string }[]
  /** The counted failures, newest first: which kiosk, when. */
  failures: { kioskId: string; kioskName: string; storeName: string; at: Date }[]
}

type StaffRow = {
  id: string
  merchant_id: string
  name: string
  active: boolean
  version: number
  pin_hash: string | null
  pin_locked_at: Date | null
  failed_pin_attempts: number
  pin_failures_since: Date | null
}

/** How many of a cashier's counted failures the page lists. */
const FAILURES_SHOWN = 20

const present = async (db: Queryable, rows: StaffRow[]): Promise<StaffMember[]> => {
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const stores: { staff_id: string; id: string; code: string; name: string }[] = await db(
    'staff_stores as ss',
  )
    .join('stores as s', 's.id', 'ss.store_id')
    .whereIn('ss.staff_id', ids)
    .orderBy('s.name')
    .select('ss.staff_id', 's.id', 's.code', 's.name')
  // The failures that count: the pin_failed operations since each one's reset (the partial
  // index kiosk_operations_pin_failures).
  const failures: {
    staff_id: string
    kiosk_id: string
    kiosk_name: string
    store_name: string
    occurred_at: Date
  }[] = (
    await db.raw(
      `SELECT * FROM (
         SELECT o.payload->>'staff_id' AS staff_id, o.kiosk_id, k.name AS kiosk_name,
                s.name AS store_name, o.occurred_at,
                row_number() OVER (PARTITION BY o.payload->>'staff_id'
                                   ORDER BY o.occurred_at DESC) AS n
           FROM kiosk_operations o
           JOIN kiosks k ON k.id = o.kiosk_id
           JOIN stores s ON s.id = k.store_id
           JOIN staff st ON st.id::text = o.payload->>'staff_id'
          WHERE o.type = 'pin_failed' AND o.outcome = 'applied'
            AND o.payload->>'staff_id' = ANY(?)
            AND (st.pin_failures_since IS NULL OR o.occurred_at > st.pin_failures_since)
       ) f
       WHERE f.n <= ?
       ORDER BY f.occurred_at DESC`,
      [ids, FAILURES_SHOWN],
    )
  ).rows
  return rows.map((row) => ({
    id: row.id,
    merchantId: row.merchant_id,
    name: row.name,
    active: row.active,
    version: row.version,
    locked: row.pin_locked_at !== null,
    hasPin: row.pin_hash !== null,
    failedAttempts: row.failed_pin_attempts,
    stores: stores
      .filter((s) => s.staff_id === row.id)
      .map((s) => ({ id: s.id, code: s.code, name: s.name })),
    failures: failures
      .filter((f) => f.staff_id === row.id)
      .map((f) => ({
        kioskId: f.kiosk_id,
        kioskName: f.kiosk_name,
        storeName: f.store_name,
        at: f.occurred_at,
      })),
  }))
}

const COLUMNS = [
  'st.id',
  'st.merchant_id',
  'st.name',
  'st.active',
  'st.version',
  'st.pin_hash',
  'st.pin_locked_at',
  'st.failed_pin_attempts',
  'st.pin_failures_since',
]

/** One of the merchant's cashiers, or null (unknown, another merchant's, not a UUID). */
export const findStaffMember = async (
  db: Queryable,
  merchantId: string,
  staffId: string,
): Promise<StaffMember | null> => {
  if (!isUuid(staffId)) return null
  const rows: StaffRow[] = await db('staff as st')
    .where({ 'st.id': staffId, 'st.merchant_id': merchantId })
    .select(COLUMNS)
  return (await present(db, rows))[0] ?? null
}

/**
 * What the staff policy needs of one of the merchant's cashiers: the ids of their stores; null
 * when there is no such cashier (unknown, another merchant's, not a UUID).
 */
export const findStaffReach = async (
  db: Queryable,
  merchantId: string,
  staffId: string,
): Promise<{ id: string; storeIds: string[] } | null> => {
  if (!isUuid(staffId)) return null
  const row = await db('staff as st')
    .where({ 'st.id': staffId, 'st.merchant_id': merchantId })
    .first<{ id: string; store_ids: string[] } | undefined>(
      'st.id',
      db.raw(
        `ARRAY(SELECT ss.store_id::text FROM staff_stores ss WHERE ss.staff_id = st.id) AS store_ids`,
      ),
    )
  return row ? { id: row.id, storeIds: row.store_ids } : null
}

/**
 * The merchant's cashiers, narrowed to those working in one of `storeIds` (a store manager's;
 * null: all). Active first, then by name.
 */
export const listStaffMembers = async (
  db: Knex,
  scope: { merchantId: string; storeIds: string[] | null },
): Promise<StaffMember[]> => {
  const rows: StaffRow[] = await db('staff as st')
    .where('st.merchant_id', scope.merchantId)
    .modify((q) => {
      if (scope.storeIds)
        void q.whereExists(
          db('staff_stores as ss')
            .whereRaw('ss.staff_id = st.id')
            .whereIn('ss.store_id', scope.storeIds),
        )
    })
    .orderBy([
      { column: 'st.active', order: 'desc' },
      { column: 'st.name', order: 'asc' },
    ])
    .select(COLUMNS)
  return present(db, rows)
}

/** A cashier as the staff API shows them (shared/schemas/staff-api.ts). */
export const presentStaffMember = (staff: StaffMember) => ({
  id: staff.id,
  name: staff.name,
  active: staff.active,
  has_pin: staff.hasPin,
  locked: staff.locked,
  failed_attempts: staff.failedAttempts,
  stores: staff.stores.map((s) => ({ code: s.code, name: s.name })),
  failures: staff.failures.map((f) => ({
    kiosk_id: f.kioskId,
    kiosk_name: f.kioskName,
    at: f.at.toISOString(),
  })),
  version: staff.version,
})
