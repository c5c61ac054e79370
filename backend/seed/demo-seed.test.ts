import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { findBalanceMismatches } from '../loyalty/check-balances.ts'
import { seedDemoData, DEMO } from './demo-seed.ts'
import type { JsonBody } from '../test/test-app.ts'

const db = useTestDatabase()

const TABLES = [
  'platforms',
  'merchants',
  'stores',
  'customers',
  'programmes',
  'rewards',
  'transaction_categories',
  'cards',
  'ledger_entries',
  'api_keys',
  'staff',
]

const snapshot = async (): Promise<JsonBody> =>
  Object.fromEntries(
    await Promise.all(
      TABLES.map(async (table) => [table, await db.knex(table).orderBy('id')] as const),
    ),
  )

describe('demo seed', () => {
  it('seeds the demo world, and seeding again changes nothing', async () => {
    const first = await seedDemoData(db.knex)
    expect(first.demoApiKeyToken).toMatch(/^rfk_/)
    const before = await snapshot()
    const second = await seedDemoData(db.knex)
    expect(second.demoApiKeyToken).toBeNull()
    expect(await snapshot()).toEqual(before)

    expect(before.stores.map((s: { code: string }) => s.code).sort()).toEqual([
      'CAFEGARE',
      'FASHIONHUB',
      'FASHIONOUTLET',
    ])
    for (const store of before.stores)
      expect(Object.keys(store.description).sort()).toEqual(['de', 'en', 'fr', 'lb'])
    const programmes = before.programmes
    expect(programmes.map((p: { type: string }) => p.type).sort()).toEqual(['points', 'stamps'])
    for (const p of programmes)
      expect(Object.keys(p.terms).sort()).toEqual(['de', 'en', 'fr', 'lb'])
    expect(
      before.rewards.filter(
        (r: { programme_id: string }) => r.programme_id === DEMO.fashion.programmeId,
      ),
    ).toHaveLength(3)
    // History in both Fashion stores.
    const storesWithHistory = new Set(
      before.ledger_entries
        .filter((e: { store_id: string | null }) => e.store_id)
        .map((e: { store_id: string }) => e.store_id),
    )
    expect(storesWithHistory).toContain(DEMO.fashion.hubStoreId)
    expect(storesWithHistory).toContain(DEMO.fashion.outletStoreId)
    expect(await findBalanceMismatches(db.knex)).toEqual([])
  })
})
