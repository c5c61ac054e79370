import { randomUUID } from 'node:crypto'
import type { Knex } from 'knex'
import { systemActor } from '../../auth/actor.ts'
import { AppError } from '../../errors.ts'
import { recordMovement } from '../ledger.ts'
import type { Queryable } from '../../db/transaction.ts'

export type ExpiryRun = {
  examined: number
  expired: number
  pointsExpired: number
  stampsExpired: number
}

/**
 * Expires the balance of every card whose programme has an expiry and whose last activity is
 * older than that many months. Cards go in batches, each batch one transaction: its due cards
 * locked at once in id order with SKIP LOCKED (a card a purchase holds is left to it: it is
 * active, so no longer due), then each expired through the ledger's movement path, re-checked
 * under its lock, and one commit for the batch. So a million cards cost a commit per batch, not
 * per card, and an earning never waits for the sweep longer than one batch on an inactive card;
 * a second run changes nothing.
 */
export const expirePoints = async (
  db: Knex,
  options: { now?: Date; batchSize?: number } = {},
): Promise<ExpiryRun> => {
  const batchSize = options.batchSize ?? 200
  const run: ExpiryRun = { examined: 0, expired: 0, pointsExpired: 0, stampsExpired: 0 }
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const last = await db.transaction(async (trx) => {
      const due: { id: string; merchant_id: string }[] = await dueCards(trx, options.now)
        .where('c.id', '>', after)
        .orderBy('c.id')
        .limit(batchSize)
        .forUpdate('c')
        .skipLocked()
        .select('c.id', 'c.merchant_id')
      for (const card of due) {
        run.examined++
        const result = await expireCard(trx, card.id, card.merchant_id, options.now)
        if (result) {
          run.expired++
          run.pointsExpired -= result.entry.points_delta
          run.stampsExpired -= result.entry.stamps_delta
        }
      }
      return due.at(-1)?.id ?? null
    })
    if (!last) return run
    after = last
  }
}

const dueCards = (db: Queryable, now: Date | undefined) =>
  db('cards as c')
    .join('programmes as p', 'p.id', 'c.programme_id')
    .whereNotNull('p.expiry_months')
    .where((q) => q.where('c.points_balance', '>', 0).orWhere('c.stamps_balance', '>', 0))
    .whereRaw(
      `c.last_activity_at < coalesce(?::timestamptz, now()) - make_interval(months => p.expiry_months)`,
      [now ?? null],
    )

const expireCard = async (
  db: Queryable,
  cardId: string,
  merchantId: string,
  now: Date | undefined,
) => {
  try {
    return await recordMovement(db, {
      merchantId,
      card: { cardId },
      storeCode: null,
      clientId: randomUUID(),
      occurredAt: now,
      actor: systemActor(merchantId, 'points:expire'),
      operation: 'expire',
      payload: { card_id: cardId },
      // Locked by the batch's statement, which chose it by the same condition (re-checked by
      // PostgreSQL on the row's latest version): still due, and nobody can change that now.
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
