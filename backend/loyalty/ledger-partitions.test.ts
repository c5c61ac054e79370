import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { AppError } from '../errors.ts'
import { generateScaleMerchant } from '../bench/scale-data.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { buildCard, buildMerchant } from '../test/factories.ts'
import { findBalanceMismatches } from './check-balances.ts'
import { earnPoints } from './commands/earn-points.ts'
import { reverseEntry } from './commands/reverse-entry.ts'
import { partitionLedger } from './ledger-partitions.ts'

const db = useTestDatabase()

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (error: unknown) => {
      if (error instanceof AppError) return error.code
      throw error
    },
  )

/** Every entry, in one digest (the same rows, to the last column, give the same digest). */
const ledgerDigest = async () => {
  const { rows } = await db.knex.raw<{ rows: { n: number; digest: string }[] }>(
    `SELECT count(*)::int AS n, md5(string_agg(to_jsonb(e)::text, '|' ORDER BY e.id)) AS digest
       FROM ledger_entries e`,
  )
  return rows[0]!
}

describe('npm run db:partition-ledger', () => {
  it('moves two years of generated entries into monthly partitions unchanged, and the ledger keeps its rules', async () => {
    const scale = await generateScaleMerchant(db.knex, {
      customers: 300,
      entriesPerCard: 4,
      stores: 2,
      kiosksPerStore: 1,
      heavyEntries: 60,
    })
    const merchant = await buildMerchant(db.knex)
    const card = await buildCard(db.knex, merchant)
    const earn = (clientId = randomUUID()) =>
      earnPoints(db.knex, {
        merchantId: merchant.merchantId,
        cardNumber: card.number,
        storeCode: merchant.storeCodes[0],
        clientId,
        amountCents: 2_500,
        actor: merchant.actor,
      })
    const before = await earn()
    const digest = await ledgerDigest()

    const report = await partitionLedger(db.knex)
    expect(report).toMatchObject({ converted: true, entries: digest.n })
    expect(await ledgerDigest()).toEqual(digest)
    expect(await findBalanceMismatches(db.knex)).toEqual([])
    // Two years back and a year ahead, one partition a month; nothing fell into the default.
    expect(report.partitionsCreated.length).toBeGreaterThanOrEqual(36)
    expect(await db.knex('ledger_entries_default').count({ n: '*' }).first()).toEqual({ n: 0 })
    const { rows: spread } = await db.knex.raw<{ rows: { n: number }[] }>(
      `SELECT count(DISTINCT tableoid)::int AS n FROM ledger_entries WHERE merchant_id = ?`,
      [scale.merchantId],
    )
    expect(spread[0]!.n).toBeGreaterThanOrEqual(24)

    // Earn and reverse after: the same answers as before the conversion.
    const clientId = randomUUID()
    const earned = await earn(clientId)
    expect(earned.card.points_balance).toBe(before.card.points_balance + 25)
    const replays = await Promise.all([earn(clientId), earn(clientId)])
    for (const replay of replays)
      expect(replay).toMatchObject({ duplicate: true, entry: earned.entry })
    const reverse = () =>
      reverseEntry(db.knex, {
        merchantId: merchant.merchantId,
        entryId: earned.entry.id,
        clientId: randomUUID(),
        reason: 'wrong amount',
        actor: merchant.actor,
      })
    expect((await Promise.all([codeOf(reverse()), codeOf(reverse())])).sort()).toEqual([
      'ALREADY_REVERSED',
      'OK',
    ])
    expect(await db.knex('ledger_entries').where('client_id', clientId)).toHaveLength(1)
    expect(await findBalanceMismatches(db.knex)).toEqual([])
    // Append-only still: an entry cannot be deleted.
    await expect(db.knex('ledger_entries').where('id', earned.entry.id).delete()).rejects.toThrow(
      /append-only/,
    )

    // Run again (monthly): nothing to convert, no month missing.
    expect(await partitionLedger(db.knex)).toMatchObject({
      converted: false,
      partitionsCreated: [],
    })
  }, 60_000)
})
