import { randomUUID } from 'node:crypto'
import type { Knex } from 'knex'
import { buildCard, type BuiltMerchant } from './factories.ts'
import type { AccountRef, MerchantRole } from '../accounts/accounts.ts'
import { createMerchantUser } from '../accounts/commands/create-merchant-user.ts'
import { createPlatformAdmin } from '../accounts/commands/create-platform-admin.ts'
import { setCustomerPassword } from '../accounts/commands/set-customer-password.ts'

// Accounts with passwords for tests (bcrypt cost 10).

export const TEST_PASSWORD = 'correct horse battery'

const address = (who: string) => `${who}-${randomUUID().slice(0, 8)}@example.test`

/** A member of `merchant` (enrolled with a card) who has chosen TEST_PASSWORD. */
export const buildCustomerAccount = async (knex: Knex, merchant: BuiltMerchant) => {
  const email = address('customer')
  const card = await buildCard(knex, merchant, { email })
  await setCustomerPassword(knex, {
    merchantId: merchant.merchantId,
    customerId: card.customerId,
    password: TEST_PASSWORD,
    passwordCost: 10,
    termsAccepted: true,
  })
  const account: AccountRef = {
    audience: 'customer',
    id: card.customerId,
    merchantId: merchant.merchantId,
  }
  return { email, account }
}

export const buildMerchantUserAccount = async (
  knex: Knex,
  merchant: BuiltMerchant,
  options: { role?: MerchantRole; storeIds?: string[] } = {},
) => {
  const email = address('manager')
  const user = await createMerchantUser(knex, {
    merchantId: merchant.merchantId,
    email,
    name: 'Test Manager',
    role: options.role ?? 'manager',
    storeIds: options.storeIds,
    password: TEST_PASSWORD,
    passwordCost: 10,
  })
  const account: AccountRef = { audience: 'merchant', id: user.id, merchantId: merchant.merchantId }
  return { email, account }
}

export const buildAdminAccount = async (knex: Knex) => {
  const email = address('admin')
  const admin = await createPlatformAdmin(knex, {
    email,
    name: 'Test Admin',
    password: TEST_PASSWORD,
    passwordCost: 10,
  })
  const account: AccountRef = { audience: 'admin', id: admin.id }
  return { email, account }
}

/** Moves a session's clock back by `seconds`, as if that much time had passed. */
export const ageSession = (knex: Knex, sessionId: string, seconds: number) =>
  knex('web_sessions')
    .where('id', sessionId)
    .update({
      created_at: knex.raw('created_at - make_interval(secs => ?)', [seconds]),
      last_seen_at: knex.raw('last_seen_at - make_interval(secs => ?)', [seconds]),
      idle_expires_at: knex.raw('idle_expires_at - make_interval(secs => ?)', [seconds]),
      absolute_expires_at: knex.raw('absolute_expires_at - make_interval(secs => ?)', [seconds]),
    })
