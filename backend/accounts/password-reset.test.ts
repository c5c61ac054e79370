import { beforeAll, describe, expect, it } from 'vitest'
import type { Knex } from 'knex'
import { useTestDatabase } from '../test/test-database.ts'
import { buildMerchant, type BuiltMerchant } from '../test/factories.ts'
import { AppError } from '../errors.ts'
import { enqueueJob } from '../jobs/enqueue.ts'
import { resetPassword } from './commands/reset-password.ts'
import { checkPasswordReset } from './queries/check-password-reset.ts'
import {
  requestPasswordReset,
  type CreatedPasswordReset,
} from './commands/request-password-reset.ts'
import { loginCustomer } from './commands/log-in.ts'
import { createSession, findSession } from './session-store.ts'
import { hashToken } from '../security/tokens.ts'
import { generousLimits, testSettings } from '../test/test-web-app.ts'
import { buildAdminAccount, buildCustomerAccount, TEST_PASSWORD } from '../test/test-accounts.ts'

const db = useTestDatabase()
const settings = testSettings({ limits: generousLimits() })
const NEW_PASSWORD = 'a brand new passphrase'

let merchant: BuiltMerchant
beforeAll(async () => {
  merchant = await buildMerchant(db.knex)
})

const requestFor = (
  email: string,
  deliver?: Parameters<typeof requestPasswordReset>[1]['deliver'],
) =>
  requestPasswordReset(db.knex, {
    lookup: { audience: 'customer', merchantId: merchant.merchantId, email },
    ip: '192.0.2.10',
    settings,
    deliver,
  })

const reset = (token: string, password = NEW_PASSWORD) =>
  resetPassword(db.knex, {
    token,
    audience: 'customer',
    merchantId: merchant.merchantId,
    password,
    ip: '192.0.2.10',
    settings,
  })

const codeOf = async (attempt: Promise<unknown>) =>
  attempt.then(
    () => 'OK',
    (e: unknown) => (e instanceof AppError ? e.code : e),
  )

describe('password reset', () => {
  it('stores only a hash of a random token that expires in an hour', async () => {
    const { email, account } = await buildCustomerAccount(db.knex, merchant)
    const created = (await requestFor(email.toUpperCase()))!
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(created).toMatchObject({ account, email })
    const row = await db.knex('password_reset_tokens').where('id', created.id).first()
    expect(row.token_hash).toBe(hashToken(created.token))
    expect(JSON.stringify(row)).not.toContain(created.token)
    const lifetime = row.expires_at.getTime() - row.created_at.getTime()
    expect(lifetime).toBe(3600 * 1000)
  })

  it('stores the token in the transaction of the delivery: no email job, no token', async () => {
    const { email } = await buildCustomerAccount(db.knex, merchant)
    let seen: CreatedPasswordReset | undefined
    const failing = requestFor(email, async (trx, created) => {
      seen = created
      // The job that would send the email, in the same transaction as the token.
      await enqueueJob(trx, 'points:expire', {}, { jobKey: `reset-${created.id}` })
      throw new Error('mail queue refused')
    })
    await expect(failing).rejects.toThrow('mail queue refused')
    expect(await db.knex('password_reset_tokens').where('id', seen!.id).first()).toBeUndefined()
    const jobs = await db.knex.raw(
      `SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE key = ?`,
      [`reset-${seen!.id}`],
    )
    expect(jobs.rows[0].n).toBe(0)
    const delivered = await requestFor(email, async (trx: Knex.Transaction, created) => {
      expect(await trx('password_reset_tokens').where('id', created.id).first()).toBeDefined()
    })
    expect(delivered).not.toBeNull()
  })

  it('answers null and stores nothing for an unknown address or an anonymized customer', async () => {
    const before = await db.knex('password_reset_tokens').count({ n: '*' })
    let delivered = false
    expect(await requestFor('nobody@example.test', async () => void (delivered = true))).toBeNull()
    const { email, account } = await buildCustomerAccount(db.knex, merchant)
    await db
      .knex('customers')
      .where('id', account.id)
      .update({ anonymized_at: db.knex.fn.now(), email: null })
    expect(await requestFor(email)).toBeNull()
    expect(delivered).toBe(false)
    expect(await db.knex('password_reset_tokens').count({ n: '*' })).toEqual(before)
  })

  it('sets the new password once: the link is single use and other links die with it', async () => {
    const { email, account } = await buildCustomerAccount(db.knex, merchant)
    const first = (await requestFor(email))!
    const second = (await requestFor(email))!
    expect(await checkPasswordReset(db.knex, { token: first.token, audience: 'customer' })).toEqual(
      { account },
    )
    expect(await reset(first.token)).toEqual({ account })
    expect(await codeOf(reset(first.token, 'yet another passphrase'))).toBe(
      'PASSWORD_RESET_INVALID',
    )
    expect(await codeOf(reset(second.token))).toBe('PASSWORD_RESET_INVALID')
    const login = (password: string) =>
      codeOf(
        loginCustomer(db.knex, {
          merchantId: merchant.merchantId,
          email,
          password,
          ip: '192.0.2.11',
          settings,
        }),
      )
    expect(await login(TEST_PASSWORD)).toBe('INVALID_CREDENTIALS')
    expect(await login(NEW_PASSWORD)).toBe('OK')
  })

  it('lets only one of two simultaneous uses of a link win', async () => {
    const { email } = await buildCustomerAccount(db.knex, merchant)
    const { token } = (await requestFor(email))!
    const outcomes = await Promise.all([
      codeOf(reset(token, 'first concurrent passphrase')),
      codeOf(reset(token, 'second concurrent passphrase')),
    ])
    expect(outcomes.sort()).toEqual(['OK', 'PASSWORD_RESET_INVALID'])
  })

  it('refuses an expired link', async () => {
    const { email } = await buildCustomerAccount(db.knex, merchant)
    const created = (await requestFor(email))!
    await db
      .knex('password_reset_tokens')
      .where('id', created.id)
      .update({ expires_at: db.knex.raw(`now() - interval '1 second'`) })
    expect(
      await codeOf(checkPasswordReset(db.knex, { token: created.token, audience: 'customer' })),
    ).toBe('PASSWORD_RESET_EXPIRED')
    expect(await codeOf(reset(created.token))).toBe('PASSWORD_RESET_EXPIRED')
  })

  it('refuses a link of another audience or merchant, and an unknown token', async () => {
    const { email } = await buildCustomerAccount(db.knex, merchant)
    const { token } = (await requestFor(email))!
    const other = await buildMerchant(db.knex)
    expect(await codeOf(checkPasswordReset(db.knex, { token, audience: 'admin' }))).toBe(
      'PASSWORD_RESET_INVALID',
    )
    expect(
      await codeOf(
        checkPasswordReset(db.knex, { token, audience: 'customer', merchantId: other.merchantId }),
      ),
    ).toBe('PASSWORD_RESET_INVALID')
    expect(await codeOf(reset('x'.repeat(43)))).toBe('PASSWORD_RESET_INVALID')
    expect(await codeOf(reset('short'))).toBe('PASSWORD_RESET_INVALID')
  })

  it('checks the new password before spending the link', async () => {
    const { email } = await buildCustomerAccount(db.knex, merchant)
    const { token } = (await requestFor(email))!
    expect(await codeOf(reset(token, 'short'))).toBe('PASSWORD_TOO_SHORT')
    expect(await reset(token)).toBeDefined()
  })

  it('ends every session of the account', async () => {
    const { email, account } = await buildCustomerAccount(db.knex, merchant)
    const timeouts = settings.timeouts.customer
    const session = await createSession(db.knex, { account, timeouts })
    const { token } = (await requestFor(email))!
    await reset(token)
    expect(
      await findSession(db.knex, { token: session.token, audience: 'customer', timeouts }),
    ).toBeNull()
  })

  it('works for platform admins too', async () => {
    const { email, account } = await buildAdminAccount(db.knex)
    const created = (await requestPasswordReset(db.knex, {
      lookup: { audience: 'admin', email },
      ip: '192.0.2.12',
      settings,
    }))!
    expect(created.account).toEqual(account)
    const result = await resetPassword(db.knex, {
      token: created.token,
      audience: 'admin',
      password: NEW_PASSWORD,
      ip: '192.0.2.12',
      settings,
    })
    expect(result).toEqual({ account })
  })
})
