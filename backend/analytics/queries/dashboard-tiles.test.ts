import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { adjustBalance } from '../../loyalty/commands/adjust-balance.ts'
import { earnPoints } from '../../loyalty/commands/earn-points.ts'
import { redeemReward } from '../../loyalty/commands/redeem-reward.ts'
import { buildCard, buildMerchant } from '../../test/factories.ts'
import { useTestDatabase } from '../../test/test-database.ts'
import { rebuildAnalytics } from '../rebuild-summaries.ts'
import { refreshAnalytics } from '../refresh-summaries.ts'
import { loadDashboardTiles } from './dashboard-tiles.ts'

const db = useTestDatabase()

const DAY = 86_400_000

// The tiles computed straight from the ledger and the cards, the plain (scanning) way.
const fromLedger = async (merchantId: string, storeIds: string[] | null) => {
  const scoped = storeIds
    ? `AND coalesce(e.store_id, c.enrolled_store_id) = ANY(:stores::uuid[])`
    : ''
  const {
    rows: [row],
  } = await db.knex.raw(
    `SELECT (SELECT count(*) FROM cards WHERE merchant_id = :m
               ${storeIds ? 'AND enrolled_store_id = ANY(:stores::uuid[])' : ''})::int AS members,
            coalesce(sum(greatest(e.points_delta, 0)) FILTER (WHERE e.type <> 'redeem'), 0)::int AS issued,
            count(*) FILTER (WHERE e.type = 'redeem')::int AS redemptions
       FROM ledger_entries e JOIN cards c ON c.id = e.card_id
      WHERE e.merchant_id = :m AND e.status <> 'review' AND e.occurred_at > now() - interval '29 days'
        ${scoped}`,
    { m: merchantId, stores: storeIds ? `{${storeIds.join(',')}}` : null },
  )
  return row
}

describe('the dashboard tiles', () => {
  it('count the same whether the analytics job has folded the entries or not, for the whole merchant and a store', async () => {
    const merchant = await buildMerchant(db.knex)
    const [first, second] = merchant.storeIds as [string, string]
    const cards = [
      await buildCard(db.knex, merchant),
      await buildCard(db.knex, merchant),
      await buildCard(db.knex, merchant),
    ]
    await db.knex('cards').where('id', cards[2]!.cardId).update({ enrolled_store_id: second })
    const earn = (card: number, storeCode: string, occurredAt?: Date) =>
      earnPoints(db.knex, {
        merchantId: merchant.merchantId,
        cardNumber: cards[card]!.number,
        storeCode,
        clientId: randomUUID(),
        amountCents: 12_000,
        occurredAt,
        actor: merchant.actor,
      })
    const adjust = (card: number, pointsDelta: number) =>
      adjustBalance(db.knex, {
        merchantId: merchant.merchantId,
        cardNumber: cards[card]!.number,
        clientId: randomUUID(),
        pointsDelta,
        stampsDelta: 0,
        reason: 'goodwill',
        actor: merchant.actor,
      })
    const [hub, outlet] = merchant.storeCodes as [string, string]
    const tiles = async (storeIds: string[] | null) =>
      loadDashboardTiles(
        db.knex,
        { merchantId: merchant.merchantId, storeIds },
        { days: 30, programmeId: null },
      )
    const expectLedger = async () => {
      for (const storeIds of [null, [first], [second]]) {
        const expected = await fromLedger(merchant.merchantId, storeIds)
        expect(await tiles(storeIds), JSON.stringify(storeIds)).toEqual(expected)
      }
    }

    await earn(0, hub)
    await earn(1, outlet)
    await earn(2, hub, new Date(Date.now() - 45 * DAY)) // before the 30 days: not counted
    await adjust(0, 25)
    await adjust(1, -10) // a negative adjustment gives nothing
    await redeemReward(db.knex, {
      merchantId: merchant.merchantId,
      cardNumber: cards[0]!.number,
      storeCode: hub,
      clientId: randomUUID(),
      rewardId: merchant.rewardIds[0]!,
      actor: merchant.actor,
    }).catch(() => undefined)
    const all = await tiles(null)
    expect(all.members).toBe(3)
    expect(all.issued).toBeGreaterThan(25)
    expect(all.redemptions).toBe(1)
    await expectLedger() // nothing folded yet: all from the ledger's tail

    await refreshAnalytics(db.knex, { lagSeconds: 0 })
    await expectLedger() // all from the summaries
    expect(await tiles(null)).toEqual(all)

    await earn(2, outlet) // after the cursor: summaries plus tail
    await buildCard(db.knex, merchant)
    await expectLedger()
    expect((await tiles(null)).members).toBe(4)

    await rebuildAnalytics(db.knex, { lagSeconds: 0 })
    await expectLedger()
  })
})
