import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../../test/test-database.ts'
import { buildCard, buildMerchant } from '../../test/factories.ts'
import { findBalanceMismatches } from '../check-balances.ts'
import { addStamps } from './add-stamps.ts'
import { expirePoints } from './expire-points.ts'
import { earnPoints } from './earn-points.ts'

const db = useTestDatabase()

describe('points expiry', () => {
  it('expires the balances of cards inactive longer than the programme allows, once, passing by a card in use', async () => {
    const points = await buildMerchant(db.knex, { programme: { expiry_months: 6 } })
    const stamps = await buildMerchant(db.knex, { type: 'stamps', programme: { expiry_months: 6 } })
    const forever = await buildMerchant(db.knex)
    const cards = {
      idlePoints: await buildCard(db.knex, points),
      recentPoints: await buildCard(db.knex, points),
      idleStamps: await buildCard(db.knex, stamps),
      noExpiry: await buildCard(db.knex, forever),
    }
    const at = new Date('2026-01-10T10:00:00Z')
    for (const [key, merchant] of [
      ['idlePoints', points],
      ['recentPoints', points],
      ['noExpiry', forever],
    ] as const) {
      await earnPoints(db.knex, {
        merchantId: merchant.merchantId,
        cardNumber: cards[key].number,
        storeCode: merchant.storeCodes[0],
        clientId: randomUUID(),
        amountCents: 10_000,
        occurredAt: at,
        actor: merchant.actor,
      })
    }
    await addStamps(db.knex, {
      merchantId: stamps.merchantId,
      cardNumber: cards.idleStamps.number,
      storeCode: stamps.storeCodes[0],
      clientId: randomUUID(),
      count: 3,
      occurredAt: at,
      actor: stamps.actor,
    })
    const longAgo = db.knex.raw("'2026-01-10T10:00:00Z'::timestamptz")
    await db
      .knex('cards')
      .whereIn('id', [cards.idlePoints.cardId, cards.idleStamps.cardId, cards.noExpiry.cardId])
      .update({ last_activity_at: longAgo })
    await db
      .knex('cards')
      .where('id', cards.recentPoints.cardId)
      .update({ last_activity_at: db.knex.raw("'2026-06-01T00:00:00Z'") })

    const now = new Date('2026-08-01T03:00:00Z')
    // A purchase holding an idle card's row: the sweep passes it by instead of waiting for it.
    const purchase = await db.knex.transaction()
    await purchase('cards').where('id', cards.idleStamps.cardId).forUpdate().first('id')
    const passing = await expirePoints(db.knex, { now, batchSize: 1 })
    await purchase.rollback()
    expect(passing).toEqual({ examined: 1, expired: 1, pointsExpired: 100, stampsExpired: 0 })
    const run = await expirePoints(db.knex, { now })
    expect(run).toEqual({ examined: 1, expired: 1, pointsExpired: 0, stampsExpired: 3 })
    expect(await expirePoints(db.knex, { now })).toEqual({
      examined: 0,
      expired: 0,
      pointsExpired: 0,
      stampsExpired: 0,
    })

    const balances = Object.fromEntries(
      await Promise.all(
        Object.entries(cards).map(async ([key, card]) => {
          const row = await db.knex('cards').where('id', card.cardId).first()
          return [key, row.points_balance + row.stamps_balance]
        }),
      ),
    )
    expect(balances).toEqual({ idlePoints: 0, recentPoints: 100, idleStamps: 0, noExpiry: 100 })
    expect(await findBalanceMismatches(db.knex)).toEqual([])
  })
})
