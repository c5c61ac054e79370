import { randomUUID } from 'node:crypto'
import type { SqliteDatabase } from './encrypted-database.ts'
import { toJson } from './json-text.ts'

export type OutboxStatus = 'pending' | 'sent'

/** An operation the kiosk did, waiting to be (or already) pushed to the server. */
export type OutboxOperation = {
  /** A UUID: the server is idempotent on (device, client id). */
  clientId: string
  /** The order the kiosk did its operations in; pushed in this order. */
  seq: number
  type: string
  payload: unknown
  createdAt: string
  attempts: number
  lastError: string | null
  status: OutboxStatus
  /** The server's answer, once sent. */
  result: unknown
}

export type NewOperation = { clientId?: string; type: string; payload: unknown }

export type Outbox = {
  /** Queues an operation; queuing a client id again returns the first operation unchanged. */
  enqueue(op: NewOperation): OutboxOperation
  /** The oldest pending operations, in seq order. */
  pendingOperations(limit: number): OutboxOperation[]
  /** The server answered: each operation gets the result at the same index. */
  markSent(clientIds: readonly string[], results: readonly unknown[]): void
  /** A push failed before the server answered for these operations. */
  recordAttempt(clientIds: readonly string[], error: string): void
  /**
   * The kiosk told the cashier it is done without the server's answer: refusals of it go to
   * merchant review. Only a pending operation changes.
   */
  markDecidedOffline(clientId: string): void
  /** Deletes answered operations queued before `before` (the server keeps every one). */
  pruneSent(before: Date): number
  /** Number of pending operations. */
  queueLength(): number
  operation(clientId: string): OutboxOperation | null
}

type OutboxRow = {
  client_id: string
  seq: number
  type: string
  payload: string
  created_at: string
  attempts: number
  last_error: string | null
  status: OutboxStatus
  result: string | null
}

const toOperation = (row: OutboxRow): OutboxOperation => ({
  clientId: row.client_id,
  seq: row.seq,
  type: row.type,
  payload: JSON.parse(row.payload),
  createdAt: row.created_at,
  attempts: row.attempts,
  lastError: row.last_error,
  status: row.status,
  result: row.result === null ? null : JSON.parse(row.result),
})

export const createOutbox = (db: SqliteDatabase, now: () => Date): Outbox => {
  // seq is taken in the insert itself, so two enqueues can never share one.
  const insert = db.prepare<[string, string, string, string]>(
    `INSERT INTO outbox (client_id, seq, type, payload, created_at)
     VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM outbox), ?, ?, ?)
     ON CONFLICT (client_id) DO NOTHING`,
  )
  const byId = db.prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE client_id = ?')
  const pending = db.prepare<[number], OutboxRow>(
    `SELECT * FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT ?`,
  )
  const sent = db.prepare<[string, string]>(
    `UPDATE outbox SET status = 'sent', result = ?, attempts = attempts + 1
     WHERE client_id = ? AND status = 'pending'`,
  )
  const failed = db.prepare<[string, string]>(
    `UPDATE outbox SET attempts = attempts + 1, last_error = ?
     WHERE client_id = ? AND status = 'pending'`,
  )
  const offline = db.prepare<[string]>(
    `UPDATE outbox SET payload = json_set(payload, '$.decided_offline', json('true'))
     WHERE client_id = ? AND status = 'pending'`,
  )
  const prune = db.prepare<[string]>(`DELETE FROM outbox WHERE status = 'sent' AND created_at < ?`)
  const count = db
    .prepare<[], number>(`SELECT count(*) FROM outbox WHERE status = 'pending'`)
    .pluck()

  const operation = (clientId: string): OutboxOperation | null => {
    const row = byId.get(clientId)
    return row ? toOperation(row) : null
  }

  return {
    operation,

    enqueue: (op) => {
      const clientId = op.clientId ?? randomUUID()
      insert.run(clientId, op.type, toJson(op.payload), now().toISOString())
      const stored = operation(clientId)
      if (!stored) throw new Error(`Outbox operation ${clientId} was not stored`)
      return stored
    },

    pendingOperations: (limit) => {
      if (!Number.isSafeInteger(limit) || limit < 1) {
        throw new RangeError('limit must be a positive integer')
      }
      return pending.all(limit).map(toOperation)
    },

    markSent: db.transaction((clientIds: readonly string[], results: readonly unknown[]) => {
      if (clientIds.length !== results.length) {
        throw new RangeError('markSent needs one result per client id')
      }
      // Only pending operations change: a resent answer never replaces the first result.
      clientIds.forEach((clientId, index) => sent.run(toJson(results[index]), clientId))
    }),

    recordAttempt: db.transaction((clientIds: readonly string[], error: string) => {
      for (const clientId of clientIds) failed.run(error, clientId)
    }),

    markDecidedOffline: (clientId) => {
      offline.run(clientId)
    },

    pruneSent: (before) => prune.run(before.toISOString()).changes,

    queueLength: () => count.get() ?? 0,
  }
}
