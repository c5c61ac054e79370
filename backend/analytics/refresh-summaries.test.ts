import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { AppError } from '../errors.ts'
import { adjustBalance } from '../loyalty/commands/adjust-balance.ts'
import { earnPoints } from '../loyalty/commands/earn-points.ts'
import { expirePoints } from '../loyalty/commands/expire-points.ts'
import { redeemReward } from '../loyalty/commands/redeem-reward.ts'
import { reverseEntry } from '../loyalty/commands/reverse-entry.ts'
import { buildCard, buildMerchant } from '../test/factories.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { rebuildAnalytics, SUMMARY_TABLES } from './rebuild-summaries.ts'
import { ANALYTICS_CURSOR, NO_KEY, refreshAnalytics } from './refresh-summaries.ts'

const db = useTestDatabase()

/** A small deterministic generator (mulberry32): the same sequence on every run. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

// Each summary recomputed from the whole ledger at once, the plain way.
const ENTRIES = `
  SELECT e.*, e.points_delta + e.stamps_delta AS units,
         coalesce(e.store_id, c.enrolled_store_id, '${NO_KEY}') AS store_key,
         coalesce(c.enrolled_store_id, '${NO_KEY}') AS home,
         c.programme_id, c.created_at AS enrolled_at,
         (e.occurred_at AT TIME ZONE coalesce(s.timezone, hs.timezone, 'UTC'))::date AS day,
         date_trunc('month', c.created_at AT TIME ZONE coalesce(hs.timezone, 'UTC'))::date AS enrolled_month
    FROM ledger_entries e JOIN cards c ON c.id = e.card_id
    LEFT JOIN stores s ON s.id = e.store_id LEFT JOIN stores hs ON hs.id = c.enrolled_store_id
   WHERE e.merchant_id = :m AND e.status <> 'review'`

const RECOMPUTED = {
  analytics_daily: `
    WITH x AS (${ENTRIES}),
    movements AS (
      SELECT day, store_key, programme_id,
             coalesce(sum(units) FILTER (WHERE type IN ('earn', 'stamp', 'welcome_bonus')), 0) AS earned,
             coalesce(-sum(units) FILTER (WHERE type = 'redeem'), 0) AS redeemed,
             coalesce(-sum(units) FILTER (WHERE type = 'expire'), 0) AS expired,
             coalesce(sum(units) FILTER (WHERE type = 'adjust'), 0) AS adjusted,
             coalesce(sum(greatest(units, 0)) FILTER (WHERE type = 'adjust'), 0) AS adjusted_up,
             coalesce(sum(units) FILTER (WHERE type = 'reverse'), 0) AS reversed,
             count(*) FILTER (WHERE type IN ('earn', 'stamp')) AS earnings,
             count(*) FILTER (WHERE type = 'redeem') AS redemptions,
             count(*) FILTER (WHERE type = 'adjust') AS adjustments,
             count(*) FILTER (WHERE type = 'reverse') AS reversals,
             count(*) FILTER (WHERE type = 'expire') AS expiries,
             coalesce(sum(amount_cents) FILTER (WHERE type IN ('earn', 'stamp')), 0) AS amount_cents
        FROM x GROUP BY 1, 2, 3),
    joined AS (
      SELECT (c.created_at AT TIME ZONE coalesce(hs.timezone, 'UTC'))::date AS day,
             coalesce(c.enrolled_store_id, '${NO_KEY}') AS store_key, c.programme_id, count(*) AS new_members
        FROM cards c LEFT JOIN stores hs ON hs.id = c.enrolled_store_id
       WHERE c.merchant_id = :m GROUP BY 1, 2, 3)
    SELECT day::text, store_key, programme_id,
           coalesce(m.earned, 0)::int AS earned, coalesce(m.redeemed, 0)::int AS redeemed,
           coalesce(m.expired, 0)::int AS expired, coalesce(m.adjusted, 0)::int AS adjusted,
           coalesce(m.adjusted_up, 0)::int AS adjusted_up,
           coalesce(m.reversed, 0)::int AS reversed, coalesce(m.earnings, 0)::int AS earnings,
           coalesce(m.redemptions, 0)::int AS redemptions, coalesce(m.adjustments, 0)::int AS adjustments,
           coalesce(m.reversals, 0)::int AS reversals, coalesce(m.expiries, 0)::int AS expiries,
           coalesce(m.amount_cents, 0)::int AS amount_cents, coalesce(j.new_members, 0)::int AS new_members
      FROM movements m FULL JOIN joined j USING (day, store_key, programme_id)
     ORDER BY 1, 2, 3`,
  analytics_cashier_daily: `
    WITH x AS (${ENTRIES})
    SELECT day::text, store_key, coalesce(staff_id, '${NO_KEY}') AS staff_key,
           coalesce(sum(units) FILTER (WHERE type IN ('earn', 'stamp', 'welcome_bonus')), 0)::int AS earned,
           count(*) FILTER (WHERE type IN ('earn', 'stamp'))::int AS earnings,
           coalesce(sum(units) FILTER (WHERE type = 'adjust'), 0)::int AS adjusted,
           count(*) FILTER (WHERE type = 'adjust')::int AS adjustments,
           coalesce(sum(units) FILTER (WHERE type = 'reverse'), 0)::int AS reversed,
           count(*) FILTER (WHERE type = 'reverse')::int AS reversals
      FROM x WHERE type IN ('earn', 'stamp', 'welcome_bonus', 'adjust', 'reverse')
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  analytics_monthly_members: `
    WITH x AS (${ENTRIES})
    SELECT date_trunc('month', day)::date::text AS month, home AS home_store_key,
           enrolled_month::text, count(DISTINCT card_id)::int AS active_members
      FROM x GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  analytics_store_matrix: `
    WITH x AS (${ENTRIES})
    SELECT date_trunc('month', day)::date::text AS month, home AS home_store_key, store_key,
           count(DISTINCT card_id)::int AS members
      FROM x GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  analytics_card_activity: `
    WITH x AS (${ENTRIES})
    SELECT card_id, home AS home_store_key, max(day)::text AS last_day
      FROM x GROUP BY 1, 2 ORDER BY 1`,
  analytics_activity_days: `
    WITH x AS (${ENTRIES}), cards AS (SELECT card_id, home, max(day) AS last_day FROM x GROUP BY 1, 2)
    SELECT last_day::text, home AS home_store_key, count(*)::int AS members
      FROM cards GROUP BY 1, 2 ORDER BY 1, 2`,
}

const STORED = {
  analytics_daily: `SELECT day::text, store_key, programme_id, earned::int, redeemed::int,
      expired::int, adjusted::int, adjusted_up::int, reversed::int, earnings::int, redemptions::int,
      adjustments::int, reversals::int, expiries::int, amount_cents::int, new_members::int
      FROM analytics_daily WHERE merchant_id = :m ORDER BY 1, 2, 3`,
  analytics_cashier_daily: `SELECT day::text, store_key, staff_key, earned::int, earnings::int,
      adjusted::int, adjustments::int, reversed::int, reversals::int
      FROM analytics_cashier_daily WHERE merchant_id = :m ORDER BY 1, 2, 3`,
  analytics_monthly_members: `SELECT month::text, home_store_key, enrolled_month::text,
      active_members::int FROM analytics_monthly_members WHERE merchant_id = :m ORDER BY 1, 2, 3`,
  analytics_store_matrix: `SELECT month::text, home_store_key, store_key, members::int
      FROM analytics_store_matrix WHERE merchant_id = :m ORDER BY 1, 2, 3`,
  analytics_card_activity: `SELECT card_id, home_store_key, last_day::text
      FROM analytics_card_activity WHERE merchant_id = :m ORDER BY 1`,
  analytics_activity_days: `SELECT last_day::text, home_store_key, members::int
      FROM analytics_activity_days WHERE merchant_id = :m AND members <> 0 ORDER BY 1, 2`,
}

const compare = async (merchantId: string) => {
  for (const table of Object.keys(RECOMPUTED) as (keyof typeof RECOMPUTED)[]) {
    const stored = await db.knex.raw(STORED[table], { m: merchantId })
    const recomputed = await db.knex.raw(RECOMPUTED[table], { m: merchantId })
    expect(stored.rows, table).toEqual(recomputed.rows)
  }
}

const stored = async (merchantId: string) => {
  const tables: Record<string, unknown[]> = {}
  for (const table of Object.keys(STORED) as (keyof typeof STORED)[])
    tables[table] = (await db.knex.raw(STORED[table], { m: merchantId })).rows
  return tables
}

/**
 * Two merchants' random earnings, redemptions, adjustments, reversals and expiries, with the
 * job run now and then in between (each run folds only what came after its cursor).
 */
const playRandomLedger = async (seed: number) => {
  {
    // From no summaries and no cursor, as a new database: the scenario backdates enrolments,
    // which a job that already ran past them would never see.
    await db.knex.raw(`TRUNCATE ${SUMMARY_TABLES.join(', ')}`)
    await db.knex('email_sweep_cursors').where('name', ANALYTICS_CURSOR).delete()
    const next = random(seed)
    const merchant = await buildMerchant(db.knex, { programme: { expiry_months: 6 } })
    const other = await buildMerchant(db.knex)
    const [staff] = await db
      .knex('staff')
      .insert({ merchant_id: merchant.merchantId, name: 'Cashier' })
      .returning('id')
    const cards = []
    for (let i = 0; i < 6; i++) cards.push(await buildCard(db.knex, merchant))
    // Members enrolled in earlier months (cohorts), at the second store for some.
    for (const [i, card] of cards.entries())
      await db
        .knex('cards')
        .where('id', card.cardId)
        .update({
          created_at: new Date(Date.UTC(2026, i % 3, 5)),
          enrolled_store_id: merchant.storeIds[i % 2],
        })
    const otherCard = await buildCard(db.knex, other)
    const entryIds: string[] = []
    const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!
    const refusals = new Set<string>()
    const attempt = async (run: () => Promise<unknown>) => {
      try {
        await run()
      } catch (error) {
        if (!(error instanceof AppError)) throw error
        refusals.add(error.code)
      }
    }

    for (let step = 0; step < 120; step++) {
      const card = pick(cards)
      const storeCode = pick(merchant.storeCodes)
      const occurredAt = new Date(
        Date.UTC(
          2026,
          Math.floor(next() * 6),
          1 + Math.floor(next() * 27),
          Math.floor(next() * 24),
        ),
      )
      const roll = next()
      if (roll < 0.5)
        await attempt(async () => {
          const result = await earnPoints(db.knex, {
            merchantId: merchant.merchantId,
            cardNumber: card.number,
            storeCode,
            clientId: randomUUID(),
            amountCents: 1_000 + Math.floor(next() * 20_000),
            occurredAt,
            staffId: next() < 0.5 ? staff.id : undefined,
            actor: merchant.actor,
          })
          entryIds.push(result.entry.id)
        })
      else if (roll < 0.65)
        await attempt(() =>
          redeemReward(db.knex, {
            merchantId: merchant.merchantId,
            cardNumber: card.number,
            storeCode,
            clientId: randomUUID(),
            rewardId: merchant.rewardIds[0]!,
            occurredAt,
            actor: merchant.actor,
          }),
        )
      else if (roll < 0.75)
        await attempt(() =>
          adjustBalance(db.knex, {
            merchantId: merchant.merchantId,
            cardNumber: card.number,
            storeCode: next() < 0.5 ? storeCode : undefined,
            clientId: randomUUID(),
            pointsDelta: Math.floor(next() * 60) - 20,
            stampsDelta: 0,
            reason: 'goodwill',
            actor: merchant.actor,
          }),
        )
      else if (roll < 0.88 && entryIds.length > 0)
        await attempt(() =>
          reverseEntry(db.knex, {
            merchantId: merchant.merchantId,
            entryId: pick(entryIds),
            clientId: randomUUID(),
            reason: 'refund',
            actor: merchant.actor,
          }),
        )
      else if (roll < 0.92) {
        await db
          .knex('cards')
          .where('id', card.cardId)
          .update({ last_activity_at: new Date('2025-01-01T00:00:00Z') })
        await expirePoints(db.knex, { now: new Date() })
      } else
        await earnPoints(db.knex, {
          merchantId: other.merchantId,
          cardNumber: otherCard.number,
          storeCode: other.storeCodes[0],
          clientId: randomUUID(),
          amountCents: 500,
          actor: other.actor,
        })
      // The job runs now and then in between: each run folds only what came after its cursor.
      if (step % 37 === 36) await refreshAnalytics(db.knex, { lagSeconds: 0 })
    }
    cards.push(await buildCard(db.knex, merchant))
    await refreshAnalytics(db.knex, { lagSeconds: 0 })
    return { merchant, other, otherCard }
  }
}

describe('analytics summaries', () => {
  it('equal a recomputation from the ledger after random movements, reversals and expiries', async () => {
    const { merchant, other } = await playRandomLedger(16)

    const types = await db
      .knex('ledger_entries')
      .where('merchant_id', merchant.merchantId)
      .distinct('type')
      .pluck('type')
    expect(types.sort()).toEqual(['adjust', 'earn', 'expire', 'redeem', 'reverse'])
    await compare(merchant.merchantId)
    await compare(other.merchantId)
    const again = await refreshAnalytics(db.knex, { lagSeconds: 0 })
    expect(again.entries).toBe(0)
    await compare(merchant.merchantId)
  })

  it('rebuilt from the whole ledger at once, equal what the incremental job folded, and the job carries on after', async () => {
    const { merchant, other, otherCard } = await playRandomLedger(18)
    const incremental = [await stored(merchant.merchantId), await stored(other.merchantId)]
    expect(incremental[0]!.analytics_daily!.length).toBeGreaterThan(10)

    const rebuild = await rebuildAnalytics(db.knex, { lagSeconds: 0 })
    expect(rebuild.entries).toBeGreaterThan(50)
    expect([await stored(merchant.merchantId), await stored(other.merchantId)]).toEqual(incremental)
    expect((await refreshAnalytics(db.knex, { lagSeconds: 0 })).entries).toBe(0)

    // Movements after the rebuild: the job folds them alone from the rebuild's cursor.
    for (let i = 0; i < 3; i++)
      await earnPoints(db.knex, {
        merchantId: other.merchantId,
        cardNumber: otherCard.number,
        storeCode: other.storeCodes[0],
        clientId: randomUUID(),
        amountCents: 700,
        actor: other.actor,
      })
    await buildCard(db.knex, other)
    const after = await refreshAnalytics(db.knex, { lagSeconds: 0 })
    expect(after.entries).toBe(3)
    expect(after.newMembers).toBe(1)
    await compare(merchant.merchantId)
    await compare(other.merchantId)
  })
})
