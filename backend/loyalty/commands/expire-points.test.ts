import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../../test/test-database.ts'
import { buildCard, buildMerchant } from '../../test/factories.ts'
import { findBalanceMismatches } from '../check-balances.ts'
import { addStamps } from './add-stamps.ts'
import { movementHash } from '../ledger.ts'
import { expireCard, expirePoints } from './expire-points.ts'
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

  it('writes in one batch statement the entries, balances and effects that the single path writes card by card', async () => {
    const at = new Date('2026-01-10T10:00:00Z')
    const now = new Date('2026-08-01T03:00:00Z')
    // Two identical merchants: a webhook endpoint; a card with a Google Wallet object and an
    // Apple pass registered on a phone, a plain card, a card with nothing to expire.
    const chain = async () => {
      const merchant = await buildMerchant(db.knex, { programme: { expiry_months: 6 } })
      await db.knex('webhook_endpoints').insert({
        merchant_id: merchant.merchantId,
        url: 'https://hooks.example.test/in',
        events: ['ledger.entry_created'],
        secret_ciphertext: 'x',
        secret_prefix: 'whsec_x',
      })
      const cards = [
        await buildCard(db.knex, merchant),
        await buildCard(db.knex, merchant),
        await buildCard(db.knex, merchant),
      ]
      for (const [i, amountCents] of [10_000, 25_000].entries())
        await earnPoints(db.knex, {
          merchantId: merchant.merchantId,
          cardNumber: cards[i]!.number,
          storeCode: merchant.storeCodes[0],
          clientId: randomUUID(),
          amountCents,
          occurredAt: at,
          actor: merchant.actor,
        })
      const [wallet] = cards
      await db.knex('google_wallet_objects').insert({
        merchant_id: merchant.merchantId,
        card_id: wallet!.cardId,
        object_id: `issuer.${wallet!.cardId}`,
      })
      await db.knex('apple_passes').insert({
        merchant_id: merchant.merchantId,
        card_id: wallet!.cardId,
        auth_token_encrypted: 'x',
      })
      await db.knex('apple_pass_registrations').insert({
        merchant_id: merchant.merchantId,
        card_id: wallet!.cardId,
        device_library_id: 'phone-1',
        pass_type_id: 'pass.test',
        push_token: 'token',
      })
      await db
        .knex('cards')
        .whereIn('merchant_id', [merchant.merchantId])
        .update({ last_activity_at: db.knex.raw("'2026-01-10T10:00:00Z'::timestamptz") })
      return { merchant, cards }
    }
    const single = await chain()
    const batch = await chain()
    // Only the expiry's effects are compared: the earnings' jobs go first.
    await db.knex.raw('DELETE FROM graphile_worker._private_jobs')
    await db.knex('webhook_deliveries').delete()

    // The single path as the sweep used it: on the due cards (the third has nothing to expire).
    for (const card of single.cards.slice(0, 2))
      await expireCard(db.knex, card.cardId, single.merchant.merchantId, now)
    // The single merchant's cards are at zero now: the sweep expires the batch merchant's.
    expect(await expirePoints(db.knex, { now })).toEqual({
      examined: 2,
      expired: 2,
      pointsExpired: 350,
      stampsExpired: 0,
    })

    const written = async ({ merchant, cards }: Awaited<ReturnType<typeof chain>>) => {
      const role = (cardId: string) => cards.findIndex((c) => c.cardId === cardId)
      const entries = await db
        .knex('ledger_entries')
        .where({ merchant_id: merchant.merchantId, type: 'expire' })
        .orderBy('points_delta')
      for (const entry of entries)
        expect(entry.request_hash).toBe(
          movementHash({
            operation: 'expire',
            card: { cardId: entry.card_id },
            storeCode: null,
            occurredAt: now,
            payload: { card_id: entry.card_id },
          }),
        )
      const balances = await db
        .knex('cards')
        .whereIn(
          'id',
          cards.map((c) => c.cardId),
        )
        .select(
          'id',
          'points_balance',
          'stamps_balance',
          'lifetime_points',
          'lifetime_stamps',
          'last_earn_at',
          'last_activity_at',
          'status',
        )
      const deliveries = await db
        .knex('webhook_deliveries')
        .where('merchant_id', merchant.merchantId)
        .select('event', 'data')
      const ids = new Set(cards.map((c) => c.cardId))
      const jobs = (
        await db.knex.raw<{
          rows: { task_identifier: string; key: string | null; payload: object }[]
        }>(
          `SELECT t.identifier AS task_identifier, j.key, j.payload
             FROM graphile_worker._private_jobs j
             JOIN graphile_worker._private_tasks t ON t.id = j.task_id`,
        )
      ).rows.filter(
        (job) =>
          ids.has((job.payload as { cardId?: string }).cardId ?? '') ||
          (job.payload as { merchantId?: string }).merchantId === merchant.merchantId,
      )
      return {
        entries: entries.map(
          ({
            id: _id,
            merchant_id: _merchant,
            card_id,
            client_id: _clientId,
            request_hash: _hash,
            recorded_at: _recorded,
            ...rest
          }) => ({
            card: role(card_id),
            ...rest,
          }),
        ),
        balances: balances
          .map(({ id, ...rest }) => ({ card: role(id), ...rest }))
          .sort((a, b) => a.card - b.card),
        deliveries: deliveries
          .map(({ event, data }) => {
            const { id: _id, card_id, card_number: _number, recorded_at: _recorded, ...rest } = data
            return { event, card: role(card_id), ...rest }
          })
          .sort((a, b) => a.card - b.card),
        jobs: jobs
          .map((job) => ({
            task: job.task_identifier,
            key: job.key?.replace(/[0-9a-f-]{36}/, (id: string) => `card ${role(id)}`) ?? null,
          }))
          .sort((a, b) => `${a.task}${a.key}`.localeCompare(`${b.task}${b.key}`)),
      }
    }
    const bySinglePath = await written(single)
    expect(bySinglePath.entries.map((e) => [e.card, e.points_delta])).toEqual([
      [1, -250],
      [0, -100],
    ])
    expect(bySinglePath.jobs.map((j) => j.task)).toEqual([
      'wallet:apple-push',
      'wallet:update',
      'webhooks:deliver',
      'webhooks:deliver',
    ])
    expect(await written(batch)).toEqual(bySinglePath)
    expect(await findBalanceMismatches(db.knex)).toEqual([])
  })
})
