import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { buildCard, buildMerchant } from '../test/factories.ts'
import { findBalanceMismatches } from './check-balances.ts'
import { earnPoints } from './commands/earn-points.ts'
import { movementRequest } from './commands/movement-props.ts'
import { earnInOneStatement } from './earn-statement.ts'
import { AppError } from '../errors.ts'

const db = useTestDatabase()

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    if (error instanceof AppError) return error.code
    throw error
  }
  return 'OK'
}

type Merchant = Awaited<ReturnType<typeof buildMerchant>>

const purchase = (merchant: Merchant, cardNumber: string, amountCents = 1_234) => ({
  merchantId: merchant.merchantId,
  cardNumber,
  storeCode: merchant.storeCodes[1],
  clientId: randomUUID(),
  amountCents,
  reason: 'till 4',
  actor: merchant.actor,
})

/** The one-statement path alone: its result, or null where it leaves the answer to the rules. */
const oneStatement = (props: ReturnType<typeof purchase>) =>
  earnInOneStatement(db.knex, movementRequest(props, 'earn', { amount_cents: props.amountCents }), {
    amountCents: props.amountCents,
    categoryId: null,
    reason: props.reason,
  })

const SAME_EVERYWHERE = ['id', 'card_id', 'client_id', 'request_hash', 'occurred_at', 'recorded_at']

describe('an earning in one statement', () => {
  it('writes the entry and the card exactly as the general path does', async () => {
    const merchant = await buildMerchant(db.knex, { programme: { points_per_currency_unit: 3 } })
    const [fast, general] = [await buildCard(db.knex, merchant), await buildCard(db.knex, merchant)]
    for (const amount of [1_234, 20, 5_000]) {
      const one = await oneStatement(purchase(merchant, fast.number, amount))
      // In a caller's transaction the general path always runs.
      const two = await db.knex.transaction((trx) =>
        earnPoints(trx, purchase(merchant, general.number, amount)),
      )
      expect(one).not.toBeNull()
      const unique = { id: null, client_id: null, occurred_at: null, recorded_at: null }
      expect({ ...one!.entry, ...unique }).toEqual({ ...two.entry, ...unique })
      expect(one!.card.points_balance).toBe(two.card.points_balance)
    }
    const entries = await db
      .knex('ledger_entries')
      .whereIn('card_id', [fast.cardId, general.cardId])
    const [a, b] = [fast.cardId, general.cardId].map((id) =>
      entries
        .filter((e) => e.card_id === id)
        .sort((x, y) => x.points_delta - y.points_delta)
        .map((e) =>
          Object.fromEntries(Object.entries(e).filter(([k]) => !SAME_EVERYWHERE.includes(k))),
        ),
    )
    expect(a).toEqual(b)
    const cards = await db.knex('cards').whereIn('id', [fast.cardId, general.cardId])
    const pick = (c: Record<string, unknown>) => ({
      points_balance: c.points_balance,
      lifetime_points: c.lifetime_points,
      stamps_balance: c.stamps_balance,
      // a 20-cent purchase (0 points) starts no cooldown; both say when the 5,000 one was
      earned_last: (c.last_earn_at as Date).getTime() >= (c.last_activity_at as Date).getTime(),
    })
    expect(pick(cards[0]!)).toEqual(pick(cards[1]!))
    expect(cards[0]!.points_balance).toBe(37 + 150)
  })

  it('leaves every answer but a full grant to the rules, and writes nothing then', async () => {
    const merchant = await buildMerchant(db.knex, { programme: { cooldown_minutes: 5 } })
    const card = await buildCard(db.knex, merchant)
    const first = purchase(merchant, card.number)
    expect(await oneStatement(first)).not.toBeNull()
    expect(await oneStatement(first)).toBeNull() // known client id: the general path replays
    expect(await oneStatement(purchase(merchant, card.number))).toBeNull() // inside the cooldown
    expect(await oneStatement({ ...purchase(merchant, card.number), storeCode: 'NOPE' })).toBeNull()
    expect(await oneStatement(purchase(merchant, '000000000000'))).toBeNull()
    await db.knex('programmes').where('id', merchant.programmeId).update({ cooldown_minutes: 0 })
    await db.knex('cards').where('id', card.cardId).update({ status: 'blocked' })
    expect(await oneStatement(purchase(merchant, card.number))).toBeNull()
    const capped = await buildMerchant(db.knex, { programme: { daily_cap: 1_000 } })
    expect(
      await oneStatement(purchase(capped, (await buildCard(db.knex, capped)).number)),
    ).toBeNull()
    expect(await db.knex('ledger_entries').where('card_id', card.cardId)).toHaveLength(1)
    // …and the general path gives the rules' answers.
    expect(await codeOf(earnPoints(db.knex, purchase(merchant, card.number)))).toBe('CARD_BLOCKED')
    expect((await earnPoints(db.knex, first)).duplicate).toBe(true)
  })

  it('serializes concurrent earnings on one card: every one counted, the cooldown read fresh', async () => {
    const merchant = await buildMerchant(db.knex)
    const card = await buildCard(db.knex, merchant)
    const results = await Promise.all(
      Array.from({ length: 16 }, () =>
        codeOf(earnPoints(db.knex, purchase(merchant, card.number))),
      ),
    )
    expect(results.every((r) => r === 'OK')).toBe(true)
    const row = await db.knex('cards').where('id', card.cardId).first()
    expect(row.points_balance).toBe(16 * 12)

    const slow = await buildMerchant(db.knex, { programme: { cooldown_minutes: 5 } })
    const slowCard = await buildCard(db.knex, slow)
    const raced = await Promise.all(
      Array.from({ length: 8 }, () => codeOf(earnPoints(db.knex, purchase(slow, slowCard.number)))),
    )
    expect(raced.filter((r) => r === 'OK')).toHaveLength(1)
    expect(raced.filter((r) => r === 'POINTS_COOLDOWN')).toHaveLength(7)
    expect(await findBalanceMismatches(db.knex)).toEqual([])
  })
})
