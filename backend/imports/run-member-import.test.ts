import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkMemberImport } from './commands/check-member-import.ts'
import { runMemberImport } from './commands/run-member-import.ts'
import type { Actor } from '../auth/actor.ts'
import { findBalanceMismatches } from '../loyalty/check-balances.ts'
import { appendEntries, movementHash, recordMovement } from '../loyalty/ledger.ts'
import type { CardRow, LedgerEntryRow } from '../loyalty/models.ts'
import { DEMO, seedDemoData } from '../seed/demo-seed.ts'
import { useTestDatabase } from '../test/test-database.ts'

// The import's batch path (appendEntries: a batch's opening balances in one statement) writes
// what the single path (recordMovement, one movement per statement) writes: the entry, the
// card's balances and lifetime totals, and every MOVEMENT_EFFECT (a webhook delivery and its
// job, Google and Apple Wallet jobs). And a job run again over the same file changes nothing.

const db = useTestDatabase()
const M = DEMO.fashion.merchantId
const actor: Actor = { type: 'merchant_user', id: DEMO.fashion.ownerUserId, merchantId: M }

beforeAll(async () => {
  await seedDemoData(db.knex)
  await db.knex('webhook_endpoints').insert({
    merchant_id: M,
    url: 'https://hooks.example/ledger',
    events: ['ledger.entry_created'],
    secret_ciphertext: 'x',
    secret_prefix: 'whsec_x',
  })
})

/** Two demo cards, one for each path (what each gains is compared, not where it starts). */
const twoCards = async (): Promise<[CardRow, CardRow]> => {
  const cards: CardRow[] = await db
    .knex('cards')
    .where({ merchant_id: M, status: 'active' })
    .whereNotIn('id', db.knex('google_wallet_objects').select('card_id'))
    .orderBy('id')
    .limit(2)
  const [a, b] = cards as [CardRow, CardRow]
  for (const card of [a, b]) {
    await db.knex('google_wallet_objects').insert({
      merchant_id: M,
      card_id: card.id,
      object_id: `obj-${card.id}`,
    })
    await db.knex('apple_passes').insert({
      merchant_id: M,
      card_id: card.id,
      auth_token_encrypted: 'x',
    })
    await db.knex('apple_pass_registrations').insert({
      merchant_id: M,
      card_id: card.id,
      device_library_id: `dev-${card.id}`,
      pass_type_id: 'pass.lu.example',
      push_token: `tok-${card.id}`,
    })
  }
  return [a, b]
}

/** What a movement left: its entry, the card after it, and the effects it enqueued. */
const outcome = async (card: CardRow, entry: LedgerEntryRow) => {
  const after: CardRow = await db.knex('cards').where('id', card.id).first()
  const deliveries = await db.knex('webhook_deliveries').where('data', '@>', { id: entry.id })
  const jobs = (
    await db.knex.raw<{ rows: { identifier: string }[] }>(
      `SELECT t.identifier FROM graphile_worker._private_jobs j
         JOIN graphile_worker._private_tasks t ON t.id = j.task_id
        WHERE j.payload->>'cardId' = ? OR j.payload->>'deliveryId' = ANY (?)`,
      [card.id, deliveries.map((d: { id: string }) => String(d.id))],
    )
  ).rows
    .map((row) => row.identifier)
    .sort()
  return {
    entry: {
      type: entry.type,
      points_delta: entry.points_delta,
      stamps_delta: entry.stamps_delta,
      points_balance_after: entry.points_balance_after! - card.points_balance,
      stamps_balance_after: entry.stamps_balance_after! - card.stamps_balance,
      reason: entry.reason,
      store_id: entry.store_id,
      status: entry.status,
      metadata: entry.metadata,
    },
    card: {
      points_balance: after.points_balance - card.points_balance,
      stamps_balance: after.stamps_balance - card.stamps_balance,
      lifetime_points: after.lifetime_points - card.lifetime_points,
      lifetime_stamps: after.lifetime_stamps - card.lifetime_stamps,
      last_earn_at_kept: after.last_earn_at?.getTime() === card.last_earn_at?.getTime(),
      last_activity_at_kept: after.last_activity_at.getTime() === card.last_activity_at.getTime(),
    },
    deliveries: deliveries.map((d: { event: string; data: Record<string, unknown> }) => ({
      event: d.event,
      points_delta: d.data.points_delta,
      points_balance_after: (d.data.points_balance_after as number) - card.points_balance,
      reason: d.data.reason,
    })),
    jobs,
  }
}

const IMPORT_PAYLOAD = { points_delta: 75, stamps_delta: 0, reason: 'import' }
const IMPORT_PLAN = { type: 'adjust', pointsDelta: 75, stampsDelta: 0, reason: 'import' } as const

describe('the batch append of a member import', () => {
  it('writes the entry, balances, lifetime totals and effects the single path writes', async () => {
    const [single, batch] = await twoCards()
    const clientIds = [randomUUID(), randomUUID()]

    await recordMovement(db.knex, {
      merchantId: M,
      card: { number: single.number },
      storeCode: null,
      clientId: clientIds[0]!,
      actor,
      operation: 'adjust',
      payload: IMPORT_PAYLOAD,
      plan: () => IMPORT_PLAN,
    })
    const [batchEntry] = await db.knex.transaction(async (trx) => {
      const locked: CardRow = await trx('cards').where('id', batch.id).forUpdate().first()
      const { rows } = await trx.raw<{ rows: { now: Date }[] }>('SELECT now()')
      return appendEntries(trx, [
        {
          context: { card: locked, store: null, at: rows[0]!.now },
          plan: IMPORT_PLAN,
          meta: {
            clientId: clientIds[1]!,
            requestHash: movementHash({
              operation: 'adjust',
              card: { number: locked.number },
              storeCode: null,
              payload: IMPORT_PAYLOAD,
            }),
            actor,
            deviceId: null,
            staffId: null,
          },
        },
      ])
    })
    const singleEntry: LedgerEntryRow = await db
      .knex('ledger_entries')
      .where({ merchant_id: M, client_id: clientIds[0] })
      .first()

    const expected = await outcome(single, singleEntry)
    expect(expected.entry).toMatchObject({ points_delta: 75, points_balance_after: 75 })
    expect(expected.card).toEqual({
      points_balance: 75,
      stamps_balance: 0,
      lifetime_points: 75,
      lifetime_stamps: 0,
      last_earn_at_kept: true,
      last_activity_at_kept: true,
    })
    expect(expected.deliveries).toEqual([
      {
        event: 'ledger.entry_created',
        points_delta: 75,
        points_balance_after: 75,
        reason: 'import',
      },
    ])
    expect(expected.jobs).toEqual(['wallet:apple-push', 'wallet:update', 'webhooks:deliver'])
    expect(await outcome(batch, batchEntry!)).toEqual(expected)
    // The same fingerprint: a replay of either client id is answered the same way.
    const hashes = await db
      .knex('ledger_entries')
      .whereIn('client_id', clientIds)
      .pluck('request_hash')
    expect(new Set(hashes).size).toBe(2)
    expect(await findBalanceMismatches(db.knex, M)).toEqual([])
  })

  it('writes nothing for a client id already in the ledger, nor moves the balance', async () => {
    const card: CardRow = await db.knex('cards').where({ merchant_id: M }).orderBy('id').first()
    const clientId = randomUUID()
    const movement = (locked: CardRow, at: Date) => ({
      context: { card: locked, store: null, at },
      plan: IMPORT_PLAN,
      meta: { clientId, requestHash: 'h', actor, deviceId: null, staffId: null },
    })
    const append = () =>
      db.knex.transaction(async (trx) => {
        const locked: CardRow = await trx('cards').where('id', card.id).forUpdate().first()
        return appendEntries(trx, [movement(locked, new Date())])
      })
    expect(await append()).toHaveLength(1)
    const after: CardRow = await db.knex('cards').where('id', card.id).first()
    expect(await append()).toEqual([])
    expect(await db.knex('cards').where('id', card.id).first()).toMatchObject({
      points_balance: after.points_balance,
      lifetime_points: after.lifetime_points,
    })
    await expect(
      db.knex.transaction(async (trx) =>
        appendEntries(trx, [movement(card, new Date()), movement(card, new Date())]),
      ),
    ).rejects.toThrow('one movement per card')
  })
})

describe('a member import run again', () => {
  it('changes nothing: no member, card, entry, delivery or job more', async () => {
    const lines = Array.from(
      { length: 2_500 },
      (_, i) => `rerun${i}@import.example;Membre ${i};;;fr;oui;${(i % 7) * 10}`,
    )
    const { id } = await checkMemberImport(db.knex, {
      principal: {
        kind: 'merchant_user',
        id: DEMO.fashion.ownerUserId,
        merchantId: M,
        role: 'owner',
        storeIds: null,
      },
      fileName: 'rerun.csv',
      bytes: Buffer.from(
        ['email;name;phone;birthday;language;consent;opening_balance', ...lines].join('\r\n'),
      ),
      storeId: DEMO.fashion.hubStoreId,
    })
    await db.knex('member_imports').where('id', id).update({ status: 'queued' })
    // Three batches: 1,000 + 1,000 + 500.
    expect(await runMemberImport(db.knex, { merchantId: M, importId: id })).toEqual({
      imported: 2_500,
      skipped: 0,
    })
    const counts = async () => ({
      customers: await db.knex('customers').where('merchant_id', M).count('* as n').first(),
      cards: await db.knex('cards').where('merchant_id', M).count('* as n').first(),
      entries: await db
        .knex('ledger_entries')
        .where({ merchant_id: M, reason: 'import' })
        .whereIn(
          'card_id',
          db
            .knex('cards as c')
            .join('customers as cu', 'cu.id', 'c.customer_id')
            .where('cu.email', 'like', 'rerun%')
            .select('c.id'),
        )
        .select(db.knex.raw('count(*) AS n, sum(points_delta) AS points')),
      balances: await db
        .knex('cards')
        .where('merchant_id', M)
        .select(db.knex.raw('sum(points_balance) AS points, sum(lifetime_points) AS lifetime')),
      deliveries: await db
        .knex('webhook_deliveries')
        .where('merchant_id', M)
        .count('* as n')
        .first(),
      jobs: await db.knex('graphile_worker.jobs').count('* as n').first(),
    })
    const before = await counts()
    // 2,500 lines, balances 0…60: the lines with a balance have one entry each.
    expect(before.entries[0]).toEqual({
      n: lines.filter((_, i) => i % 7 !== 0).length,
      points: lines.reduce((sum, _, i) => sum + (i % 7) * 10, 0),
    })

    // The job again from the start (a retried job whose progress was lost).
    await db.knex('member_imports').where('id', id).update({ status: 'queued', next_line: 0 })
    expect(await runMemberImport(db.knex, { merchantId: M, importId: id })).toEqual({
      imported: 2_500,
      skipped: 2_500,
    })
    expect(await counts()).toEqual(before)
    expect(await findBalanceMismatches(db.knex, M)).toEqual([])
  })
})
