import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { findBalanceMismatches } from '../loyalty/check-balances.ts'
import { seedDemoData, workingDemoLogins, DEMO, DEMO_LOGINS } from './demo-seed.ts'
import { loginAdmin, loginMerchantUser } from '../accounts/commands/log-in.ts'
import { webAuthSettings } from '../accounts/settings.ts'
import { loadConfig } from '../config.ts'
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
  'platform_admins',
  'merchant_users',
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

  it('gives a platform admin and the Fashion Group owner demo logins that work', async () => {
    await seedDemoData(db.knex)
    const settings = webAuthSettings(loadConfig({ PASSWORD_HASH_COST: '10' }))
    const admin = await loginAdmin(db.knex, { ...DEMO_LOGINS.admin, ip: '127.0.0.1', settings })
    expect(admin.account.id).toBe(DEMO.platformAdminId)
    const owner = await loginMerchantUser(db.knex, {
      ...DEMO_LOGINS.fashionOwner,
      ip: '127.0.0.1',
      settings,
    })
    expect(owner.account).toMatchObject({
      id: DEMO.fashion.ownerUserId,
      merchantId: DEMO.fashion.merchantId,
      role: 'owner',
      storeIds: null,
    })
    expect((await workingDemoLogins(db.knex)).map((login) => login.email)).toEqual([
      DEMO_LOGINS.admin.email,
      DEMO_LOGINS.fashionOwner.email,
    ])
    await db
      .knex('platform_admins')
      .where('id', DEMO.platformAdminId)
      .update({ password_hash: null })
    expect((await workingDemoLogins(db.knex)).map((login) => login.email)).toEqual([
      DEMO_LOGINS.fashionOwner.email,
    ])
  })
})
