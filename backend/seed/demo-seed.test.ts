import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { findBalanceMismatches } from '../loyalty/check-balances.ts'
import {
  demoDataRefusal,
  seedDemoData,
  workingDemoLogins,
  DEMO,
  DEMO_ADMIN_TOTP_SECRET,
  DEMO_LOGINS,
} from './demo-seed.ts'
import { loginAdmin, loginMerchantUser, needsSecondStep } from '../accounts/commands/log-in.ts'
import { verifySecondFactor } from '../accounts/commands/second-factor.ts'
import { environmentSecondFactorKey } from '../accounts/second-factor.ts'
import { findSignInChallenge, finishSignIn } from '../accounts/sign-in-challenges.ts'
import { totpCode } from '../security/totp.ts'
import { webAuthSettings } from '../accounts/settings.ts'
import { loadConfig } from '../config.ts'
import type { JsonBody } from '../test/test-app.ts'
import { randomBytes } from 'node:crypto'
import { startServer } from '../server.ts'
import { createLogger } from '../logger.ts'

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
    const key = environmentSecondFactorKey()
    // The admin is enrolled already: the password leads to the code, the seed's secret makes it.
    const password = await loginAdmin(db.knex, { ...DEMO_LOGINS.admin, ip: '127.0.0.1', settings })
    if (!needsSecondStep(password)) throw new Error('an admin signs in in two steps')
    expect(password.secondFactor).toBe('verify')
    const challenge = await findSignInChallenge(db.knex, {
      token: password.challengeToken,
      audience: 'admin',
    })
    await verifySecondFactor(db.knex, {
      account: challenge!.account,
      code: totpCode(DEMO_ADMIN_TOTP_SECRET),
      key,
      settings,
    })
    const admin = await finishSignIn(db.knex, { challenge: challenge!, ip: '127.0.0.1', settings })
    expect(admin.account.id).toBe(DEMO.platformAdminId)
    const owner = await loginMerchantUser(db.knex, {
      ...DEMO_LOGINS.fashionOwner,
      ip: '127.0.0.1',
      settings,
    })
    if (needsSecondStep(owner)) throw new Error('the demo owner has no second factor')
    expect(owner.account).toMatchObject({
      id: DEMO.fashion.ownerUserId,
      merchantId: DEMO.fashion.merchantId,
      role: 'owner',
      storeIds: null,
    })
    expect(await workingDemoLogins(db.knex, key)).toEqual([
      {
        who: 'Platform admin',
        ...pickLogin(DEMO_LOGINS.admin),
        totpSecret: DEMO_ADMIN_TOTP_SECRET,
      },
      { who: 'Merchant owner (Fashion Group S.A.)', ...pickLogin(DEMO_LOGINS.fashionOwner) },
    ])
    // Production names these published logins when it refuses the demo data.
    const refusal = await demoDataRefusal(db.knex)
    expect(refusal).toContain(`${DEMO_LOGINS.admin.email} / ${DEMO_LOGINS.admin.password}`)
    expect(refusal).toContain(DEMO_LOGINS.fashionOwner.email)
    await db
      .knex('platform_admins')
      .where('id', DEMO.platformAdminId)
      .update({ password_hash: null })
    expect((await workingDemoLogins(db.knex)).map((login) => login.email)).toEqual([
      DEMO_LOGINS.fashionOwner.email,
    ])
  })
})

describe('a production start', () => {
  it('refuses a database that holds the demo data, naming its published logins', async () => {
    await seedDemoData(db.knex)
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: db.url,
      SESSION_SECRET: randomBytes(32).toString('base64'),
      EMAIL_SETTINGS_KEY: randomBytes(32).toString('base64'),
      BASE_URL: 'https://rewardflow.example',
      PORT: '0',
      PROCESS_ROLES: 'web',
    })
    // The default in production: never seeded, whatever the development default is.
    expect(config.seedDemoData).toBe(false)
    const started = startServer(config, createLogger('silent'))
    await expect(started).rejects.toThrow(/NODE_ENV=production refused/)
    await expect(started).rejects.toThrow(
      `${DEMO_LOGINS.admin.email} / ${DEMO_LOGINS.admin.password}`,
    )
    await expect(started).rejects.toThrow(DEMO_LOGINS.fashionOwner.email)
  })
})

const pickLogin = (login: { email: string; password: string }) => ({
  email: login.email,
  password: login.password,
})
