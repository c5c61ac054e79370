import type { Knex } from 'knex'
import type { Actor } from '../auth/actor.ts'
import { inTransaction, type Queryable } from '../db/transaction.ts'
import type { AuditAction } from './audit-actions.ts'
import { recordAudit } from './record-audit.ts'

type Fields = Record<string, unknown>

/** What an audited change did: its answer, the thing it changed, and the thing before and after. */
export type AuditedChange<T> = {
  value: T
  subjectType: string
  subjectId: string
  /** null: the thing did not exist before (created). */
  before: Fields | null
  /** null: the thing no longer exists (deleted). */
  after: Fields | null
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/**
 * The fields that differ between `before` and `after`, on both sides (all of them when one side
 * is missing): what the audit row keeps, so a reader sees what changed without a diff tool.
 */
export const changedFields = (
  before: Fields | null,
  after: Fields | null,
): { before: Fields | null; after: Fields | null } => {
  if (!before || !after) return { before, after }
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => !same(before[key], after[key]),
  )
  return {
    before: Object.fromEntries(keys.map((key) => [key, before[key] ?? null])),
    after: Object.fromEntries(keys.map((key) => [key, after[key] ?? null])),
  }
}

/**
 * Wraps a change so it runs in one transaction (the caller's, or a new one) together with its
 * audit row, `data: { before, after }` holding the changed fields: `audited('programme.update',
 * changeProgramme)`. A change that throws writes nothing, the audit row included.
 */
export const audited =
  <P extends { actor: Actor; merchantId: string | null }, T>(
    action: AuditAction,
    change: (trx: Knex.Transaction, props: P) => Promise<AuditedChange<T>>,
  ) =>
  (db: Queryable, props: P): Promise<T> =>
    inTransaction(db, async (trx) => {
      const done = await change(trx, props)
      await recordAudit(trx, {
        actor: props.actor,
        merchantId: props.merchantId,
        action,
        subjectType: done.subjectType,
        subjectId: done.subjectId,
        data: changedFields(done.before, done.after),
      })
      return done.value
    })
