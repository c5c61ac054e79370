import bcrypt from 'bcrypt'
import bcryptjs from 'bcryptjs'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { buildMerchant, buildCard, type BuiltMerchant } from '../test/factories.ts'
import { AppError } from '../errors.ts'
import { loadConfig } from '../config.ts'
import {
  checkPasswordPolicy,
  hashPassword,
  needsRehash,
  PASSWORD_MIN_LENGTH,
  verifyPassword,
} from './passwords.ts'
import { loginAdmin, loginCustomer } from './commands/log-in.ts'
import { webAuthSettings } from './settings.ts'
import { generousLimits, testSettings } from '../test/test-web-app.ts'
import { buildAdminAccount, buildCustomerAccount, TEST_PASSWORD } from '../test/test-accounts.ts'

const db = useTestDatabase()
const settings = testSettings({ limits: generousLimits() })

let merchant: BuiltMerchant
beforeAll(async () => {
  merchant = await buildMerchant(db.knex)
})
afterEach(() => {
  vi.restoreAllMocks()
})

const codeOf = async (attempt: Promise<unknown>) =>
  attempt.then(
    () => 'OK',
    (e: unknown) => (e instanceof AppError ? e.code : e),
  )

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!

describe('passwords', () => {
  it('hashes with bcrypt at a cost of at least 10 (11 by default)', async () => {
    expect(webAuthSettings(loadConfig({})).passwordCost).toBe(11)
    expect(() => loadConfig({ PASSWORD_HASH_COST: '9' })).toThrow(/PASSWORD_HASH_COST/)
    expect(() => hashPassword(TEST_PASSWORD, 9)).toThrow(/cost/)
    const hash = await hashPassword(TEST_PASSWORD, 10)
    expect(bcrypt.getRounds(hash)).toBe(10)
    expect(await verifyPassword(TEST_PASSWORD, hash, 10)).toBe(true)
    expect(await verifyPassword('something else', hash, 10)).toBe(false)
    expect(needsRehash(hash, 11)).toBe(true)
    expect(needsRehash(hash, 10)).toBe(false)
  })

  it('accepts the hashes bcryptjs made ($2a$ and $2b$), and bcryptjs accepts its hashes', async () => {
    for (const password of [TEST_PASSWORD, 'Fidélité à FashionHub 😀', 'ä'.repeat(40)]) {
      const older = bcryptjs.hashSync(password, 10)
      for (const hash of [older, older.replace(/^\$2b\$/, '$2a$')]) {
        expect(await verifyPassword(password, hash, 10)).toBe(true)
        expect(await verifyPassword(`x${password}`, hash, 10)).toBe(false)
        expect(needsRehash(hash, 10)).toBe(false)
      }
      expect(bcryptjs.compareSync(password, await hashPassword(password, 10))).toBe(true)
    }
  })

  it('asks for at least 10 characters and at most 128', () => {
    const code = (password: string) => {
      try {
        checkPasswordPolicy(password)
        return 'OK'
      } catch (error) {
        return (error as AppError).code
      }
    }
    expect(code('a'.repeat(PASSWORD_MIN_LENGTH - 1))).toBe('PASSWORD_TOO_SHORT')
    expect(code('a'.repeat(PASSWORD_MIN_LENGTH))).toBe('OK')
    // Characters, not UTF-16 units: five emoji are five characters.
    expect(code('😀'.repeat(5))).toBe('PASSWORD_TOO_SHORT')
    expect(code('a'.repeat(129))).toBe('PASSWORD_TOO_LONG')
  })

  it('still runs bcrypt when there is no hash to check (unknown account)', async () => {
    const compare = vi.spyOn(bcrypt, 'compare')
    expect(await verifyPassword(TEST_PASSWORD, null, 10)).toBe(false)
    expect(compare).toHaveBeenCalledTimes(1)
    const [, dummy] = compare.mock.calls[0]!
    expect(bcrypt.getRounds(dummy as string)).toBe(10)
  })
})

describe('login timing', () => {
  it('does the same bcrypt work for an unknown address as for a wrong password', async () => {
    const { email } = await buildCustomerAccount(db.knex, merchant)
    const noPassword = await buildCard(db.knex, merchant)
    const noPasswordEmail = (
      await db.knex('customers').where('id', noPassword.customerId).first('email')
    ).email
    const attempt = (address: string) =>
      loginCustomer(db.knex, {
        merchantId: merchant.merchantId,
        email: address,
        password: 'not the password',
        ip: '192.0.2.20',
        settings,
      })
    const compare = vi.spyOn(bcrypt, 'compare')
    for (const address of [email, 'nobody@example.test', noPasswordEmail]) {
      compare.mockClear()
      expect(await codeOf(attempt(address))).toBe('INVALID_CREDENTIALS')
      expect(compare, address).toHaveBeenCalledTimes(1)
    }
    compare.mockRestore()

    // And it shows in the clock: an unknown address takes about as long as a known one.
    const time = async (address: string) => {
      const started = performance.now()
      await codeOf(attempt(address))
      return performance.now() - started
    }
    await time('warm-up@example.test')
    const known: number[] = []
    const unknown: number[] = []
    for (let i = 0; i < 7; i++) {
      known.push(await time(email))
      unknown.push(await time(`nobody-${i}@example.test`))
    }
    // A skipped hash would be some fifty times faster; the wide band absorbs a busy machine.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.25)
    expect(median(unknown)).toBeLessThan(median(known) * 4)
  })

  it('upgrades a cheaper hash at the next login', async () => {
    const { email, account } = await buildAdminAccount(db.knex)
    await loginAdmin(db.knex, {
      email,
      password: TEST_PASSWORD,
      ip: '192.0.2.21',
      settings: { ...settings, passwordCost: 11 },
    })
    const row = await db.knex('platform_admins').where('id', account.id).first()
    expect(bcrypt.getRounds(row.password_hash)).toBe(11)
    // An admin's login is not over with the password: the second step records it.
    expect(row.last_login_at).toBeNull()
  })
})
