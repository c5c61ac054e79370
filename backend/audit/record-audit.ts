import type { Queryable } from '../db/transaction.ts'
import type { SqlTransaction } from '../db/sql-transaction.ts'
import type { Actor } from '../auth/actor.ts'
import type { AuditAction } from './audit-actions.ts'

export type AuditEvent = {
  actor: Actor
  merchantId: string | null
  /** One of AUDIT_ACTIONS: each has its words on the Activity page. */
  action: AuditAction
  subjectType?: string
  subjectId?: string
  data?: Record<string, unknown>
  requestId?: string
  ip?: string
}

/** Appends one audit-log row; call it inside the transaction of the change it records. */
export const recordAudit = async (
  db: Queryable | SqlTransaction,
  event: AuditEvent,
): Promise<void> => {
  const knex = 'run' in db ? db.knex : db
  const insert = knex('audit_log').insert({
    merchant_id: event.merchantId,
    actor_type: event.actor.type,
    actor_id: event.actor.type === 'system' ? (event.actor.job ?? null) : event.actor.id,
    action: event.action,
    subject_type: event.subjectType ?? null,
    subject_id: event.subjectId ?? null,
    data: event.data ?? {},
    request_id: event.requestId ?? null,
    ip: event.ip ?? null,
  })
  if ('run' in db) await db.run(insert)
  else await insert
}
