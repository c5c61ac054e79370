import { AppError } from '../errors.ts'
import type { Queryable } from './transaction.ts'

/** A table whose rows carry an optimistic `version` (migration 20261207_0009). */
export type VersionedSubject =
  | 'programme'
  | 'reward'
  | 'category'
  | 'merchant_user'
  | 'staff'
  | 'store'
  | 'customer'
  | 'webhook_endpoint'

const TABLE: Record<VersionedSubject, string> = {
  programme: 'programmes',
  reward: 'rewards',
  category: 'transaction_categories',
  merchant_user: 'merchant_users',
  staff: 'staff',
  store: 'stores',
  customer: 'customers',
  webhook_endpoint: 'webhook_endpoints',
}

/**
 * Updates one row of the merchant's only if it is still at `version`, bumping the version in the
 * same statement (`WHERE id = ? AND merchant_id = ? AND version = ?`): of two edits made from
 * the same version, exactly one lands. The other gets EDIT_CONFLICT with the current version; a
 * row that is not the merchant's is NOT_FOUND. Answers the updated row.
 */
export const versionedUpdate = async <Row extends { version: number }>(
  db: Queryable,
  props: {
    subject: VersionedSubject
    merchantId: string
    id: string
    version: number
    changes: Record<string, unknown>
  },
): Promise<Row> => {
  const table = TABLE[props.subject]
  const [row] = (await db(table)
    .where({ id: props.id, merchant_id: props.merchantId, version: props.version })
    .update({ ...props.changes, version: db.raw('version + 1'), updated_at: db.fn.now() })
    .returning('*')) as Row[]
  if (row) return row
  throw await refusal(db, props)
}

type Target = { subject: VersionedSubject; merchantId: string; id: string; version: number }

/** Why a versioned write found no row: another merchant's (NOT_FOUND), or a newer version. */
const refusal = async (db: Queryable, props: Target): Promise<AppError> => {
  const current = await db(TABLE[props.subject])
    .where({ id: props.id, merchant_id: props.merchantId })
    .first<{ version: number } | undefined>('version')
  return current ? editConflict(props, current.version) : new AppError('NOT_FOUND')
}

/** EDIT_CONFLICT for a write made from `props.version` when the row is at `current`. */
export const editConflict = (
  props: {
    subject: VersionedSubject | 'merchant' | 'platform' | 'alert'
    id: string
    version: number
    merchantId?: string
  },
  current: number,
) =>
  new AppError('EDIT_CONFLICT', {
    subject: props.subject,
    id: props.id,
    version: props.version,
    current_version: current,
  })

/** Deletes one row of the merchant's only if it is still at `version` (else as versionedUpdate). */
export const versionedDelete = async (db: Queryable, props: Target): Promise<void> => {
  const deleted = await db(TABLE[props.subject])
    .where({ id: props.id, merchant_id: props.merchantId, version: props.version })
    .delete()
  if (deleted === 0) throw await refusal(db, props)
}
