import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { findBalanceMismatches } from '../loyalty/check-balances.ts'
import { dammCheckDigit } from '../../shared/card-number.ts'
import { generateScaleMerchant } from './scale-data.ts'

const db = useTestDatabase()

describe('the scale data generator', () => {
  it('generates members whose ledger holds: balances are the sums, card numbers check, indexes are back', async () => {
    const indexes = async () =>
      (
        await db
          .knex('pg_indexes')
          .whereIn('tablename', ['customers', 'cards', 'ledger_entries'])
          .pluck('indexname')
      ).sort()
    const before = await indexes()
    const scale = await generateScaleMerchant(db.knex, {
      customers: 3_000,
      entriesPerCard: 4,
      stores: 3,
      kiosksPerStore: 2,
      heavyEntries: 120,
    })
    expect(await indexes()).toEqual(before)
    const entries = await db
      .knex('ledger_entries')
      .where('merchant_id', scale.merchantId)
      .count({ n: '*' })
      .first()
    expect(Number(entries!.n)).toBe(scale.entries)
    // Mean 4 per card (1 … 7), the heavy card aside.
    expect(scale.entries).toBeGreaterThan(3_000 * 3.5)
    expect(scale.entries).toBeLessThan(3_000 * 4.5 + 120)
    expect(await findBalanceMismatches(db.knex, scale.merchantId)).toEqual([])
    // No balance ever went below zero on the way (balance_after is the running sum).
    const negative = await db
      .knex('ledger_entries')
      .where('points_balance_after', '<', 0)
      .count({ n: '*' })
      .first()
    expect(Number(negative!.n)).toBe(0)
    for (const card of scale.sample) {
      expect(card.number).toMatch(/^[0-9]{12}$/)
      expect(dammCheckDigit(card.number)).toBe(0)
    }
    expect(scale.sample.length).toBeGreaterThanOrEqual(5)
    const heavy = await db
      .knex('ledger_entries as e')
      .join('cards as c', 'c.id', 'e.card_id')
      .where('c.number', scale.heavyCard.number)
      .count({ n: '*' })
      .first()
    expect(Number(heavy!.n)).toBe(120)
    // The foreign keys the load did not check hold (every reference finds its row).
    const dangling = await db.knex.raw<{ rows: { n: number }[] }>(
      `SELECT count(*)::int AS n FROM ledger_entries e
         LEFT JOIN cards c ON c.id = e.card_id
         LEFT JOIN stores s ON s.id = e.store_id
         LEFT JOIN kiosks k ON k.id = e.device_id AND k.store_id = e.store_id
         LEFT JOIN staff st ON st.id = e.staff_id
         LEFT JOIN customers cu ON cu.id = c.customer_id
        WHERE c.id IS NULL OR s.id IS NULL OR k.id IS NULL OR st.id IS NULL OR cu.id IS NULL`,
    )
    expect(dangling.rows[0]!.n).toBe(0)
    // Members were seen at a store other than their home store too.
    const away = await db.knex.raw<{ rows: { n: number }[] }>(
      `SELECT count(*)::int AS n FROM ledger_entries e JOIN cards c ON c.id = e.card_id
        WHERE e.store_id <> c.enrolled_store_id`,
    )
    expect(away.rows[0]!.n).toBeGreaterThan(0)
  })
})
