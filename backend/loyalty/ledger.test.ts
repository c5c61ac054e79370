import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { buildCard, buildMerchant } from '../test/factories.ts'
import { findBalanceMismatches } from './check-balances.ts'
import { earnPoints } from './commands/earn-points.ts'
import { addStamps } from './commands/add-stamps.ts'
import { redeemReward } from './commands/redeem-reward.ts'
import { adjustBalance } from './commands/adjust-balance.ts'
import { reverseEntry } from './commands/reverse-entry.ts'
import { enrollCustomer } from './commands/enroll-customer.ts'
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

const errorOf = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected an error')
}

describe('concurrent redemptions', () => {
  it('lets exactly as many of 20 concurrent redemptions succeed as the balance allows, never below zero', async () => {
    const merchant = await buildMerchant(db.knex)
    const card = await buildCard(db.knex, merchant)
    await adjustBalance(db.knex, {
      merchantId: merchant.merchantId,
      cardNumber: card.number,
      clientId: randomUUID(),
      pointsDelta: 750, // seven redemptions of 100 points, 50 left over
      stampsDelta: 0,
      reason: 'test setup',
      actor: merchant.actor,
    })
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        codeOf(
          redeemReward(db.knex, {
            merchantId: merchant.merchantId,
            cardNumber: card.number,
            storeCode: merchant.storeCodes[i % 2]!,
            clientId: randomUUID(),
            rewardId: merchant.rewardIds[0]!,
            actor: merchant.actor,
          }),
        ),
      ),
    )
    expect(results.filter((r) => r === 'OK')).toHaveLength(7)
    expect(results.filter((r) => r === 'INSUFFICIENT_POINTS')).toHaveLength(13)
    const row = await db.knex('cards').where('number', card.number).first()
    expect(row.points_balance).toBe(50)
    expect(await findBalanceMismatches(db.knex)).toEqual([])
  })
})

describe('idempotency', () => {
  it('returns the first result for a replayed client id and writes nothing', async () => {
    const merchant = await buildMerchant(db.knex)
    const card = await buildCard(db.knex, merchant)
    const props = {
      merchantId: merchant.merchantId,
      cardNumber: card.number,
      storeCode: merchant.storeCodes[0],
      clientId: randomUUID(),
      amountCents: 1_234,
      actor: merchant.actor,
    }
    const first = await earnPoints(db.knex, props)
    // The card moves after the first answer; the replay still returns the first answer.
    await earnPoints(db.knex, { ...props, clientId: randomUUID(), amountCents: 5_000 })
    const replays = await Promise.all([earnPoints(db.knex, props), earnPoints(db.knex, props)])
    for (const replay of replays) {
      expect(replay.duplicate).toBe(true)
      expect(replay.entry).toEqual(first.entry)
      expect(replay.card).toEqual(first.card)
    }
    const entries = await db.knex('ledger_entries').where('client_id', props.clientId)
    expect(entries).toHaveLength(1)
    expect(first.card.points_balance).toBe(12)
  })

  it('settles two concurrent first requests with one client id into one entry', async () => {
    const merchant = await buildMerchant(db.knex)
    const card = await buildCard(db.knex, merchant)
    const props = {
      merchantId: merchant.merchantId,
      cardNumber: card.number,
      storeCode: merchant.storeCodes[0],
      clientId: randomUUID(),
      amountCents: 900,
      actor: merchant.actor,
    }
    const results = await Promise.all(Array.from({ length: 5 }, () => earnPoints(db.knex, props)))
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1)
    expect(new Set(results.map((r) => r.entry.id)).size).toBe(1)
    expect(await db.knex('ledger_entries').where('client_id', props.clientId)).toHaveLength(1)
  })

  it('refuses the same client id with a different payload (IDEMPOTENCY_CONFLICT)', async () => {
    const merchant = await buildMerchant(db.knex)
    const card = await buildCard(db.knex, merchant)
    const clientId = randomUUID()
    const base = {
      merchantId: merchant.merchantId,
      cardNumber: card.number,
      storeCode: merchant.storeCodes[0],
      clientId,
      actor: merchant.actor,
    }
    await earnPoints(db.knex, { ...base, amountCents: 1_000 })
    expect(await codeOf(earnPoints(db.knex, { ...base, amountCents: 2_000 }))).toBe(
      'IDEMPOTENCY_CONFLICT',
    )
    expect(await codeOf(redeemReward(db.knex, { ...base, rewardId: merchant.rewardIds[0]! }))).toBe(
      'IDEMPOTENCY_CONFLICT',
    )
  })
})

describe('cooldown and daily cap', () => {
  it('enforces the cooldown for points, with minutes and retry time', async () => {
    const merchant = await buildMerchant(db.knex, { programme: { cooldown_minutes: 15 } })
    const card = await buildCard(db.knex, merchant)
    const at = new Date('2026-11-20T10:00:00Z')
    const earn = (occurredAt: Date) =>
      earnPoints(db.knex, {
        merchantId: merchant.merchantId,
        cardNumber: card.number,
        storeCode: merchant.storeCodes[0],
        clientId: randomUUID(),
        amountCents: 1_000,
        occurredAt,
        actor: merchant.actor,
      })
    await earn(at)
    const error = await errorOf(earn(new Date(at.getTime() + 14 * 60_000)))
    expect(error.code).toBe('POINTS_COOLDOWN')
    expect(error.details).toEqual({ cooldown_minutes: 15, retry_at: '2026-11-20T10:15:00.000Z' })
    expect((await earn(new Date(at.getTime() + 15 * 60_000))).entry.points_delta).toBe(10)
  })

  it('enforces the cooldown for stamps', async () => {
    const merchant = await buildMerchant(db.knex, {
      type: 'stamps',
      programme: { cooldown_minutes: 30 },
    })
    const card = await buildCard(db.knex, merchant)
    const stamp = () =>
      addStamps(db.knex, {
        merchantId: merchant.merchantId,
        cardNumber: card.number,
        storeCode: merchant.storeCodes[1],
        clientId: randomUUID(),
        count: 1,
        actor: merchant.actor,
      })
    await stamp()
    const error = await errorOf(stamp())
    expect(error.code).toBe('STAMP_COOLDOWN')
    expect(error.details).toMatchObject({ cooldown_minutes: 30 })
  })

  it('caps earnings per local day: grants up to the cap, then refuses', async () => {
    const merchant = await buildMerchant(db.knex, { programme: { daily_cap: 100 } })
    const card = await buildCard(db.knex, merchant)
    const earn = (cents: number, at: string) =>
      earnPoints(db.knex, {
        merchantId: merchant.merchantId,
        cardNumber: card.number,
        storeCode: merchant.storeCodes[0],
        clientId: randomUUID(),
        amountCents: cents,
        occurredAt: new Date(at),
        actor: merchant.actor,
      })
    expect((await earn(8_000, '2026-11-20T09:00:00Z')).entry.points_delta).toBe(80)
    const capped = await earn(5_000, '2026-11-20T12:00:00Z')
    expect(capped.entry.points_delta).toBe(20)
    expect(capped.capped).toBe(true)
    expect(await codeOf(earn(1_000, '2026-11-20T22:30:00Z'))).toBe('DAILY_CAP_REACHED')
    // 23:30 UTC on the 20th is already the 21st in Luxembourg (UTC+1): a new day.
    expect((await earn(1_000, '2026-11-20T23:30:00Z')).entry.points_delta).toBe(10)
  })
})

describe('enrollment', () => {
  it('returns the existing card at another store of the merchant, with no second bonus', async () => {
    const merchant = await buildMerchant(db.knex, { programme: { welcome_bonus: 50 } })
    const enroll = (storeCode: string, email: string) =>
      enrollCustomer(db.knex, {
        merchantId: merchant.merchantId,
        storeCode,
        clientId: randomUUID(),
        email,
        name: 'Léa Kieffer',
        phone: '+352 621 000 111',
        birthday: '1990-05-17',
        actor: merchant.actor,
      })
    const first = await enroll(merchant.storeCodes[0], 'lea.kieffer@example.lu')
    expect(first.alreadyMember).toBe(false)
    expect(first.card.points_balance).toBe(50)
    const second = await enroll(merchant.storeCodes[1], 'Lea.Kieffer@Example.LU')
    expect(second.alreadyMember).toBe(true)
    expect(second.card.id).toBe(first.card.id)
    expect(second.welcomeBonus).toBe(0)
    const bonuses = await db
      .knex('ledger_entries')
      .where({ card_id: first.card.id, type: 'welcome_bonus' })
    expect(bonuses).toHaveLength(1)
    const card = await db.knex('cards').where('id', first.card.id).first()
    expect(card.points_balance).toBe(50)
  })

  it('gives one card when the same person enrolls at two stores at the same moment', async () => {
    const merchant = await buildMerchant(db.knex, { programme: { welcome_bonus: 10 } })
    const results = await Promise.all(
      merchant.storeCodes.map((storeCode) =>
        enrollCustomer(db.knex, {
          merchantId: merchant.merchantId,
          storeCode,
          clientId: randomUUID(),
          email: 'twice@example.lu',
          name: 'Twice',
          actor: merchant.actor,
        }),
      ),
    )
    expect(new Set(results.map((r) => r.card.id)).size).toBe(1)
    expect(results.filter((r) => r.alreadyMember)).toHaveLength(1)
    expect(await findBalanceMismatches(db.knex, merchant.merchantId)).toEqual([])
  })

  it('replays an enrollment client id as the first result', async () => {
    const merchant = await buildMerchant(db.knex, { programme: { welcome_bonus: 25 } })
    const props = {
      merchantId: merchant.merchantId,
      storeCode: merchant.storeCodes[0],
      clientId: randomUUID(),
      email: 'replay@example.lu',
      name: 'Replay',
      actor: merchant.actor,
    }
    const first = await enrollCustomer(db.knex, props)
    const again = await enrollCustomer(db.knex, props)
    expect(again).toMatchObject({ duplicate: true, alreadyMember: false, welcomeBonus: 25 })
    expect(again.card.id).toBe(first.card.id)
    expect(await codeOf(enrollCustomer(db.knex, { ...props, name: 'Someone else' }))).toBe(
      'IDEMPOTENCY_CONFLICT',
    )
  })
})

describe('reversal', () => {
  it('reverses an entry with a compensating entry and refuses a second reversal', async () => {
    const merchant = await buildMerchant(db.knex)
    const card = await buildCard(db.knex, merchant)
    const earned = await earnPoints(db.knex, {
      merchantId: merchant.merchantId,
      cardNumber: card.number,
      storeCode: merchant.storeCodes[0],
      clientId: randomUUID(),
      amountCents: 4_200,
      actor: merchant.actor,
    })
    const reverse = () =>
      reverseEntry(db.knex, {
        merchantId: merchant.merchantId,
        entryId: earned.entry.id,
        clientId: randomUUID(),
        reason: 'wrong amount',
        actor: merchant.actor,
      })
    const [a, b] = await Promise.all([codeOf(reverse()), codeOf(reverse())])
    expect([a, b].sort()).toEqual(['ALREADY_REVERSED', 'OK'])
    const error = await errorOf(reverse())
    expect(error.code).toBe('ALREADY_REVERSED')
    const entries = await db
      .knex('ledger_entries')
      .where('card_id', card.cardId)
      .orderBy('recorded_at')
    const original = entries.find((e) => e.id === earned.entry.id)
    const compensation = entries.find((e) => e.reversal_of === earned.entry.id)
    expect(original.status).toBe('reversed')
    expect(compensation).toMatchObject({
      type: 'reverse',
      points_delta: -42,
      points_balance_after: 0,
    })
    expect(await findBalanceMismatches(db.knex, merchant.merchantId)).toEqual([])
  })

  it('refuses to reverse an earning whose points were already spent', async () => {
    const merchant = await buildMerchant(db.knex)
    const card = await buildCard(db.knex, merchant)
    const earned = await earnPoints(db.knex, {
      merchantId: merchant.merchantId,
      cardNumber: card.number,
      storeCode: merchant.storeCodes[0],
      clientId: randomUUID(),
      amountCents: 15_000,
      actor: merchant.actor,
    })
    await redeemReward(db.knex, {
      merchantId: merchant.merchantId,
      cardNumber: card.number,
      storeCode: merchant.storeCodes[1],
      clientId: randomUUID(),
      rewardId: merchant.rewardIds[0]!,
      actor: merchant.actor,
    })
    const error = await errorOf(
      reverseEntry(db.knex, {
        merchantId: merchant.merchantId,
        entryId: earned.entry.id,
        clientId: randomUUID(),
        reason: 'refund',
        actor: merchant.actor,
      }),
    )
    expect(error.code).toBe('INSUFFICIENT_POINTS')
    expect(error.details).toEqual({ balance: 50, cost: 150 })
  })

  it('lets the cashier earn again right after undoing the last earning (cooldown restored)', async () => {
    const merchant = await buildMerchant(db.knex, { programme: { cooldown_minutes: 60 } })
    const card = await buildCard(db.knex, merchant)
    const earn = (cents: number) =>
      earnPoints(db.knex, {
        merchantId: merchant.merchantId,
        cardNumber: card.number,
        storeCode: merchant.storeCodes[0],
        clientId: randomUUID(),
        amountCents: cents,
        actor: merchant.actor,
      })
    const wrong = await earn(99_900)
    await reverseEntry(db.knex, {
      merchantId: merchant.merchantId,
      entryId: wrong.entry.id,
      clientId: randomUUID(),
      reason: 'typo in amount',
      actor: merchant.actor,
    })
    expect((await earn(999)).card.points_balance).toBe(9)
  })
})

describe('the ledger', () => {
  it('keeps every balance equal to its ledger sum after a random sequence of operations', async () => {
    const merchant = await buildMerchant(db.knex, { programme: { daily_cap: 400 } })
    const cards = await Promise.all(Array.from({ length: 4 }, () => buildCard(db.knex, merchant)))
    let seed = 42
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed / 2 ** 31
    }
    const entryIds: string[] = []
    const outcomes: Record<string, number> = {}
    for (let i = 0; i < 150; i++) {
      const card = cards[Math.floor(random() * cards.length)]!
      const base = {
        merchantId: merchant.merchantId,
        cardNumber: card.number,
        clientId: randomUUID(),
        actor: merchant.actor,
      }
      const store = merchant.storeCodes[i % 2]!
      const pick = random()
      const op =
        pick < 0.4
          ? earnPoints(db.knex, {
              ...base,
              storeCode: store,
              amountCents: Math.floor(random() * 20_000),
            })
          : pick < 0.6
            ? redeemReward(db.knex, {
                ...base,
                storeCode: store,
                rewardId: merchant.rewardIds[Math.floor(random() * 3)]!,
              })
            : pick < 0.75
              ? adjustBalance(db.knex, {
                  ...base,
                  pointsDelta: Math.floor(random() * 200) - 100,
                  stampsDelta: 0,
                  reason: 'random',
                })
              : entryIds.length > 0
                ? reverseEntry(db.knex, {
                    merchantId: merchant.merchantId,
                    entryId: entryIds[Math.floor(random() * entryIds.length)]!,
                    clientId: randomUUID(),
                    reason: 'random',
                    actor: merchant.actor,
                  })
                : earnPoints(db.knex, {
                    ...base,
                    clientId: base.clientId,
                    storeCode: store,
                    amountCents: 100,
                  })
      try {
        const result = await op
        entryIds.push(result.entry.id)
        outcomes.ok = (outcomes.ok ?? 0) + 1
      } catch (error) {
        if (!(error instanceof AppError)) throw error
        outcomes[error.code] = (outcomes[error.code] ?? 0) + 1
      }
    }
    expect(outcomes.ok).toBeGreaterThan(50)
    expect(await findBalanceMismatches(db.knex)).toEqual([])
    const negative = await db
      .knex('cards')
      .where('points_balance', '<', 0)
      .orWhere('stamps_balance', '<', 0)
    expect(negative).toEqual([])
  })

  it('stamps each row with the database time of its own insert', async () => {
    const merchant = await buildMerchant(db.knex)
    const first = await buildCard(db.knex, merchant)
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    const second = await buildCard(db.knex, merchant)
    const rows = await db
      .knex('cards')
      .whereIn('id', [first.cardId, second.cardId])
      .orderBy('created_at')
    const gap = rows[1].created_at.getTime() - rows[0].created_at.getTime()
    expect(gap).toBeGreaterThanOrEqual(900)
    const customers = await db
      .knex('customers')
      .whereIn('id', [first.customerId, second.customerId])
    expect(customers[0].created_at.getTime()).not.toBe(customers[1].created_at.getTime())
  })

  it('refuses to delete or rewrite a ledger entry', async () => {
    const merchant = await buildMerchant(db.knex)
    const card = await buildCard(db.knex, merchant)
    const earned = await earnPoints(db.knex, {
      merchantId: merchant.merchantId,
      cardNumber: card.number,
      storeCode: merchant.storeCodes[0],
      clientId: randomUUID(),
      amountCents: 1_000,
      actor: merchant.actor,
    })
    await expect(db.knex('ledger_entries').where('id', earned.entry.id).delete()).rejects.toThrow(
      /append-only/,
    )
    await expect(
      db.knex('ledger_entries').where('id', earned.entry.id).update({ points_delta: 1_000 }),
    ).rejects.toThrow(/only the status/)
  })

  it('refuses movements on a blocked card and earnings in a paused programme', async () => {
    const merchant = await buildMerchant(db.knex)
    const card = await buildCard(db.knex, merchant)
    const earn = () =>
      earnPoints(db.knex, {
        merchantId: merchant.merchantId,
        cardNumber: card.number,
        storeCode: merchant.storeCodes[0],
        clientId: randomUUID(),
        amountCents: 1_000,
        actor: merchant.actor,
      })
    await db.knex('programmes').where('id', merchant.programmeId).update({ status: 'paused' })
    expect(await codeOf(earn())).toBe('PROGRAM_INACTIVE')
    await db.knex('programmes').where('id', merchant.programmeId).update({ status: 'active' })
    await db.knex('cards').where('id', card.cardId).update({ status: 'blocked' })
    expect(await codeOf(earn())).toBe('CARD_BLOCKED')
  })
})
