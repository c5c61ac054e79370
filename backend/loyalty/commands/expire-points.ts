import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Knex } from 'knex'
import { systemActor } from '../../auth/actor.ts'
import { AppError } from '../../errors.ts'
import { inSqlTransaction } from '../../db/sql-transaction.ts'
import { movementHash, recordMovement, type MovementRequest } from '../ledger.ts'
import { expireLockedCards } from '../expiry-statement.ts'
import type { Queryable } from '../../db/transaction.ts'

export type ExpiryRun = {
  examined: number
  expired: number
  pointsExpired: number
  stampsExpired: number
}

/** Cards per batch: one transaction, two statements, one commit (decision 92). */
export const EXPIRY_BATCH_SIZE = 100

/**
 * After each batch the sweep rests this many times as long as the batch took (decision 96): it
 * then holds at most a quarter of one core's time, in bursts of a few tens of milliseconds, and
 * the till's earnings meanwhile find the database and its WAL free the rest of the time. A
 * million cards' expiry (≈ 150,000 due) took 34 s flat out; resting, 130 s — inside the 5
 * minutes allowed.
 */
export const EXPIRY_REST_RATIO = 3

// The batch's due cards, locked in id order; a card another transaction holds (a purchase) is
// passed by — it is active, so no longer due. PostgreSQL re-checks the condition on the row's
// latest version before it locks it, so a locked card is still due and stays so until commit.
const LOCK_DUE_CARDS = `
  SELECT c.id FROM cards c
    JOIN programmes p ON p.id = c.programme_id
   WHERE c.id > $1::uuid AND p.expiry_months IS NOT NULL
     AND (c.points_balance > 0 OR c.stamps_balance > 0)
     AND c.last_activity_at < coalesce($2::timestamptz, now()) - make_interval(months => p.expiry_months)
   ORDER BY c.id
   LIMIT $3
     FOR UPDATE OF c SKIP LOCKED`

/**
 * Expires the balance of every card whose programme has an expiry and whose last activity is
 * older than that many months. Cards go in batches, each batch one short transaction: its due
 * cards locked at once in id order with SKIP LOCKED, then all expired by one statement
 * (expiry-statement.ts: the entries, the cached balances and the movement effects, as the
 * ledger's single path writes them for one card), committed with it. A million cards cost two
 * statements and a commit per thousand; an earning never waits for the sweep longer than one
 * batch, and only on an inactive card; a second run changes nothing. Short transactions also
 * keep the analytics job's cursor sound: entries are stamped with their transaction's start and
 * the job reads up to a minute back (decision 78).
 */
export const expirePoints = async (
  db: Knex,
  options: { now?: Date; batchSize?: number; restRatio?: number } = {},
): Promise<ExpiryRun> => {
  const batchSize = options.batchSize ?? EXPIRY_BATCH_SIZE
  const restRatio = options.restRatio ?? EXPIRY_REST_RATIO
  const run: ExpiryRun = { examined: 0, expired: 0, pointsExpired: 0, stampsExpired: 0 }
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const started = performance.now()
    const last = await inSqlTransaction(db, async (tx) => {
      // The batch's commit does not wait for its WAL flush (decision 96): a batch lost in a
      // crash is lost whole — entries, balances and effects together — and the next sweep
      // expires those cards again; the tills' earnings then share fewer flushes with it.
      await tx.query('SET LOCAL synchronous_commit = off', [])
      const due = await tx.query<{ id: string }>(
        LOCK_DUE_CARDS,
        [after, options.now ?? null, batchSize],
        'expiry_lock_due_cards',
      )
      run.examined += due.length
      const entries = await expireLockedCards(
        tx,
        due.map(({ id }) => ({
          cardId: id,
          clientId: randomUUID(),
          requestHash: movementHash(expiryRequest(id, options.now)),
        })),
        options.now ?? null,
      )
      for (const entry of entries) {
        run.expired++
        run.pointsExpired -= entry.points_delta
        run.stampsExpired -= entry.stamps_delta
      }
      return due.at(-1)?.id ?? null
    })
    if (!last) return run
    after = last
    if (restRatio > 0) await sleep((performance.now() - started) * restRatio)
  }
}

/** What an expiry of one card asks for: its idempotency fingerprint, and the single path's. */
const expiryRequest = (cardId: string, now: Date | undefined) =>
  ({
    card: { cardId },
    storeCode: null,
    occurredAt: now,
    operation: 'expire',
    payload: { card_id: cardId },
  }) satisfies Partial<MovementRequest>

/**
 * Expires one card's balance through the ledger's movement path (`recordMovement`): the
 * reference the batch statement is held to (expire-points.test.ts), for a single card.
 */
export const expireCard = async (
  db: Queryable,
  cardId: string,
  merchantId: string,
  now: Date | undefined,
) => {
  try {
    return await recordMovement(db, {
      ...expiryRequest(cardId, now),
      merchantId,
      clientId: randomUUID(),
      actor: systemActor(merchantId, 'points:expire'),
      plan: (context) => ({
        type: 'expire',
        pointsDelta: -context.card.points_balance,
        stampsDelta: -context.card.stamps_balance,
        reason: 'inactivity',
      }),
    })
  } catch (error) {
    if (error instanceof AppError && error.code === 'CARD_NOT_FOUND') return null
    throw error
  }
}
