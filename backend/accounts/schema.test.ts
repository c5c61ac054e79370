import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { buildMerchant } from '../test/factories.ts'
import { migrations } from '../../migrations/index.ts'
import { buildAdminAccount, buildCustomerAccount } from '../test/test-accounts.ts'

// The schema of migration 20261121_0005_web_accounts (tested here: migrations/ may not import
// the backend's test helpers).

const db = useTestDatabase()

const constraintOf = (attempt: Promise<unknown>) =>
  attempt.then(
    () => 'OK',
    (e: { constraint?: string }) => e.constraint,
  )

const sessionTimes = { idle_expires_at: new Date(Date.now() + 60_000) }

describe('web accounts schema', () => {
  it('stamps each row with its own time (now() per row, not per process)', async () => {
    const first = await buildAdminAccount(db.knex)
    await new Promise((resolve) => setTimeout(resolve, 20))
    const second = await buildAdminAccount(db.knex)
    const rows = await db
      .knex('platform_admins')
      .whereIn('id', [first.account.id, second.account.id])
      .orderBy('created_at')
    expect(rows[1].created_at.getTime()).toBeGreaterThan(rows[0].created_at.getTime())
  })

  it('gives a session exactly the subject of its audience', async () => {
    const { account } = await buildAdminAccount(db.knex)
    const base = {
      token_hash: 'h',
      ...sessionTimes,
      absolute_expires_at: new Date(Date.now() + 120_000),
    }
    const attempt = (row: Record<string, unknown>) =>
      constraintOf(db.knex('web_sessions').insert({ ...base, ...row }))
    expect(await attempt({ audience: 'customer', platform_admin_id: account.id })).toMatch(/check/)
    expect(await attempt({ audience: 'admin' })).toMatch(/check/)
    expect(
      await attempt({
        audience: 'admin',
        platform_admin_id: account.id,
        absolute_expires_at: new Date(Date.now() - 1000),
      }),
    ).toMatch(/check/)
    expect(await attempt({ audience: 'admin', platform_admin_id: account.id })).toBe('OK')
  })

  it('keeps merchant user and admin addresses unique case-insensitively', async () => {
    const merchant = await buildMerchant(db.knex)
    const insert = (email: string) =>
      db
        .knex('merchant_users')
        .insert({ merchant_id: merchant.merchantId, email, name: 'N', role: 'owner' })
    expect(await constraintOf(insert('Same@Example.test'))).toBe('OK')
    expect(await constraintOf(insert('same@example.TEST'))).toBe('merchant_users_email_unique')
    expect(
      await constraintOf(
        db.knex('merchant_users').insert({
          merchant_id: merchant.merchantId,
          email: 'role@example.test',
          name: 'N',
          role: 'cashier',
        }),
      ),
    ).toMatch(/check/)
  })

  it("deletes a customer's sessions and reset tokens with the customer", async () => {
    const merchant = await buildMerchant(db.knex)
    const { account } = await buildCustomerAccount(db.knex, merchant)
    await db.knex('web_sessions').insert({
      token_hash: 'customer-session',
      audience: 'customer',
      customer_id: account.id,
      merchant_id: merchant.merchantId,
      ...sessionTimes,
      absolute_expires_at: new Date(Date.now() + 120_000),
    })
    await db.knex('password_reset_tokens').insert({
      token_hash: 'customer-reset',
      audience: 'customer',
      customer_id: account.id,
      merchant_id: merchant.merchantId,
      expires_at: new Date(Date.now() + 60_000),
    })
    await db.knex('cards').where('customer_id', account.id).delete()
    await db.knex('customers').where('id', account.id).delete()
    expect(await db.knex('web_sessions').where('customer_id', account.id)).toEqual([])
    expect(await db.knex('password_reset_tokens').where('customer_id', account.id)).toEqual([])
  })

  it('migrates down and up again', async () => {
    // The later migrations build on this one: down in reverse order to it, then up again.
    const from = migrations.findIndex(([name]) => name === '20261121_0005_web_accounts')
    const affected = migrations.slice(from).map(([, migration]) => migration)
    for (const migration of [...affected].reverse()) await migration.down(db.knex)
    expect(await db.knex.schema.hasTable('web_sessions')).toBe(false)
    expect(await db.knex.schema.hasColumn('customers', 'password_hash')).toBe(false)
    for (const migration of affected) await migration.up(db.knex)
    expect(await db.knex.schema.hasTable('web_sessions')).toBe(true)
    expect(await db.knex.schema.hasColumn('customers', 'terms_accepted_at')).toBe(true)
  })
})
