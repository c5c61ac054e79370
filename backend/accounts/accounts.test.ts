import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { buildCard, buildMerchant, type BuiltMerchant } from '../test/factories.ts'
import { AppError } from '../errors.ts'
import { findCredentials } from './queries/find-credentials.ts'
import { loadAccount } from './queries/load-account.ts'
import { createMerchantUser } from './commands/create-merchant-user.ts'
import { createPlatformAdmin } from './commands/create-platform-admin.ts'
import { setAccountPassword } from './commands/set-account-password.ts'
import { setCustomerPassword } from './commands/set-customer-password.ts'
import { createSession, findSession } from './session-store.ts'
import { TEST_PASSWORD } from '../test/test-accounts.ts'

const db = useTestDatabase()

let merchant: BuiltMerchant
beforeAll(async () => {
  merchant = await buildMerchant(db.knex)
})

const codeOf = async (attempt: Promise<unknown>) =>
  attempt.then(
    () => 'OK',
    (e: unknown) => (e instanceof AppError ? e.code : e),
  )

describe('web accounts', () => {
  it('creates a platform admin; the address is unique whatever its case', async () => {
    const admin = await createPlatformAdmin(db.knex, {
      email: ' Ada@Example.test ',
      name: 'Ada',
      password: TEST_PASSWORD,
      passwordCost: 10,
    })
    expect(admin.email).toBe('Ada@Example.test')
    const again = createPlatformAdmin(db.knex, {
      email: 'ada@example.TEST',
      name: 'Ada again',
      passwordCost: 10,
    })
    await expect(again).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { constraint: 'platform_admins_email_unique' },
    })
    const found = await findCredentials(db.knex, { audience: 'admin', email: 'ADA@example.test' })
    expect(found?.account).toEqual({ audience: 'admin', id: admin.id })
  })

  it('refuses an invalid address, an empty name and a short password', async () => {
    const base = { email: 'x@example.test', name: 'X', passwordCost: 10 }
    expect(await codeOf(createPlatformAdmin(db.knex, { ...base, email: 'not an address' }))).toBe(
      'VALIDATION_FAILED',
    )
    expect(await codeOf(createPlatformAdmin(db.knex, { ...base, name: '  ' }))).toBe(
      'VALIDATION_FAILED',
    )
    expect(await codeOf(createPlatformAdmin(db.knex, { ...base, password: 'short' }))).toBe(
      'PASSWORD_TOO_SHORT',
    )
  })

  it('creates owners and managers, scoping a manager to stores of the merchant only', async () => {
    const other = await buildMerchant(db.knex)
    const manager = await createMerchantUser(db.knex, {
      merchantId: merchant.merchantId,
      email: 'store.manager@example.test',
      name: 'Store Manager',
      role: 'manager',
      storeIds: [merchant.storeIds[0]],
      passwordCost: 10,
    })
    expect(
      await loadAccount(db.knex, {
        audience: 'merchant',
        id: manager.id,
        merchantId: merchant.merchantId,
      }),
    ).toMatchObject({ role: 'manager', storeIds: [merchant.storeIds[0]] })
    const foreignStore = createMerchantUser(db.knex, {
      merchantId: merchant.merchantId,
      email: 'foreign.manager@example.test',
      name: 'Foreign',
      role: 'manager',
      storeIds: [other.storeIds[0]],
      passwordCost: 10,
    })
    expect(await codeOf(foreignStore)).toBe('STORE_NOT_FOUND')
    const scopedOwner = createMerchantUser(db.knex, {
      merchantId: merchant.merchantId,
      email: 'owner@example.test',
      name: 'Owner',
      role: 'owner',
      storeIds: [merchant.storeIds[0]],
      passwordCost: 10,
    })
    expect(await codeOf(scopedOwner)).toBe('VALIDATION_FAILED')
    // One address, one merchant user, across merchants.
    const duplicate = createMerchantUser(db.knex, {
      merchantId: other.merchantId,
      email: 'STORE.MANAGER@example.test',
      name: 'Twin',
      role: 'owner',
      passwordCost: 10,
    })
    expect(await codeOf(duplicate)).toBe('CONFLICT')
  })

  it('does not load a user of a suspended merchant or a deactivated user', async () => {
    const suspended = await buildMerchant(db.knex)
    const user = await createMerchantUser(db.knex, {
      merchantId: suspended.merchantId,
      email: 'suspended.owner@example.test',
      name: 'Owner',
      role: 'owner',
      password: TEST_PASSWORD,
      passwordCost: 10,
    })
    const ref = { audience: 'merchant', id: user.id, merchantId: suspended.merchantId } as const
    expect(await loadAccount(db.knex, ref)).not.toBeNull()
    await db.knex('merchants').where('id', suspended.merchantId).update({ status: 'suspended' })
    expect(await loadAccount(db.knex, ref)).toBeNull()
    const found = await findCredentials(db.knex, { audience: 'merchant', email: user.email })
    expect(found?.usable).toBe(false)
  })

  it("records a customer's password and acceptance of the terms (join)", async () => {
    const card = await buildCard(db.knex, merchant)
    await setCustomerPassword(db.knex, {
      merchantId: merchant.merchantId,
      customerId: card.customerId,
      password: TEST_PASSWORD,
      passwordCost: 10,
      termsAccepted: true,
    })
    const row = await db.knex('customers').where('id', card.customerId).first()
    expect(row.password_hash).toMatch(/^\$2[aby]\$10\$/)
    expect(row.password_set_at).toBeInstanceOf(Date)
    expect(row.terms_accepted_at).toBeInstanceOf(Date)
    // Not for a customer of another merchant.
    const other = await buildMerchant(db.knex)
    const wrongMerchant = setCustomerPassword(db.knex, {
      merchantId: other.merchantId,
      customerId: card.customerId,
      password: TEST_PASSWORD,
      passwordCost: 10,
    })
    expect(await codeOf(wrongMerchant)).toBe('CUSTOMER_NOT_FOUND')
  })

  it('ends the other sessions when a password changes, keeping the current one', async () => {
    const admin = await createPlatformAdmin(db.knex, {
      email: 'changer@example.test',
      name: 'Changer',
      password: TEST_PASSWORD,
      passwordCost: 10,
    })
    const account = { audience: 'admin', id: admin.id } as const
    const timeouts = { idleSeconds: 600, absoluteSeconds: 3600 }
    const current = await createSession(db.knex, { account, timeouts })
    const elsewhere = await createSession(db.knex, { account, timeouts })
    await setAccountPassword(db.knex, {
      account,
      password: 'another fine passphrase',
      passwordCost: 10,
      keepSessionId: current.id,
    })
    const find = (token: string) => findSession(db.knex, { token, audience: 'admin', timeouts })
    expect(await find(current.token)).not.toBeNull()
    expect(await find(elsewhere.token)).toBeNull()
  })
})
