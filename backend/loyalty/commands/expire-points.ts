import { randomUUID } from 'node:crypto'
import type { Knex } from 'knex'
import { systemActor } from '../../auth/actor.ts'
import { AppError } from '../../errors.ts'
import { recordMovement } from '../ledger.ts'

export type ExpiryRun = {
  examined: number
  expired: number
  pointsExpired: number
  stampsExpired: number
}

/**
 * Expires the balance of every card whose programme has an expiry and whose last activity is
 * older than that many months. Each card is expired in its own transaction under its row lock,
 * re-checked there, so a purchase racing the sweep wins and a second run changes nothing.
 */
export const expirePoints = async (
  db: Knex,
  options: { now?: Date; batchSize?: number } = {},
): Promise<ExpiryRun> => {
  const batchSize = options.batchSize ?? 500
  const run: ExpiryRun = { examined: 0, expired: 0, pointsExpired: 0, stampsExpired: 0 }
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const due: { id: string; merchant_id: string }[] = await dueCards(db, options.now)
      .where('c.id', '>', after)
      .orderBy('c.id')
      .limit(batchSize)
      .select('c.id', 'c.merchant_id')
    if (due.length === 0) return run
    for (const card of due) {
      run.examined++
      const result = await expireCard(db, card.id, card.merchant_id, options.now)
      if (result) {
        run.expired++
        run.pointsExpired -= result.entry.points_delta
        run.stampsExpired -= result.entry.stamps_delta
      }
    }
    after = due[due.length - 1]!.id
  }
}

const dueCards = (db: Knex, now: Date | undefined) =>
  db('cards as c')
    .join('programmes as p', 'p.id', 'c.programme_id')
    .whereNotNull('p.expiry_months')
    .where((q) => q.where('c.points_balance', '>', 0).orWhere('c.stamps_balance', '>', 0))
    .whereRaw(
      `c.last_activity_at < coalesce(?::timestamptz, now()) - make_interval(months => p.expiry_months)`,
      [now ?? null],
    )

class NotDue extends Error {}

const expireCard = async (db: Knex, cardId: string, merchantId: string, now: Date | undefined) => {
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
      plan: async (context, tx) => {
        const [stillDue] = await tx.run(dueCards(tx.knex, now).where('c.id', cardId).select('c.id'))
        if (!stillDue) throw new NotDue()
        return {
          type: 'expire',
          pointsDelta: -context.card.points_balance,
          stampsDelta: -context.card.stamps_balance,
          reason: 'inactivity',
        }
      },
    })
  } catch (error) {
    if (error instanceof NotDue || (error instanceof AppError && error.code === 'CARD_NOT_FOUND'))
      return null
    throw error
  }
}
