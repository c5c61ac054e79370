import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Knex } from 'knex'
import { useTestDatabase } from '../test/test-database.ts'
import { createKnex } from '../db/knex.ts'
import { DEFAULT_LIMITS } from './settings.ts'
import {
  startTestWebApp,
  testSettings,
  TestBrowser,
  type TestWebApp,
} from '../test/test-web-app.ts'
import { buildAdminAccount, TEST_PASSWORD } from '../test/test-accounts.ts'

// The accounts' attempt limits (backend/security/rate-limit.ts) through two web processes.

const db = useTestDatabase()

describe('login and reset limits across two processes', () => {
  // Two app instances, each with its own connection pool, as two web processes would be.
  const pools: Knex[] = []
  const apps: TestWebApp[] = []
  const settings = testSettings({
    limits: {
      ...DEFAULT_LIMITS,
      loginPerIp: { name: 'login-ip', limit: 6, windowSeconds: 900 },
      loginPerAccount: { name: 'login-account', limit: 4, windowSeconds: 900 },
      resetPerIp: { name: 'reset-ip', limit: 5, windowSeconds: 3600 },
      resetPerAccount: { name: 'reset-account', limit: 2, windowSeconds: 3600 },
    },
  })
  let urls: [string, string]
  let ipCounter = 0
  /** A browser on a fresh client IP (the apps trust X-Forwarded-For). */
  const browserFrom = (ip = `198.51.100.${++ipCounter}`) =>
    new TestBrowser('', { accept: 'application/json', 'x-forwarded-for': ip })

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const pool = createKnex(db.url, { poolMax: 4 })
      pools.push(pool)
      apps.push(await startTestWebApp(pool, { audience: 'admin', settings, proxy: true }))
    }
    urls = [apps[0]!.url, apps[1]!.url]
  })
  afterAll(async () => {
    for (const app of apps) await app.close()
    for (const pool of pools) await pool.destroy()
  })

  /** Logs in through process `n` (0 or 1), CSRF token and Origin as a browser would. */
  const logIn = async (browser: TestBrowser, n: number, email: string, password: string) => {
    browser.baseUrl = urls[n]!
    await browser.get('/login')
    return browser.post('/login', { email, password })
  }

  it('limits attempts per account, whichever process and address they come from', async () => {
    const { email } = await buildAdminAccount(db.knex)
    for (let i = 0; i < 4; i++) {
      const response = await logIn(browserFrom(), i % 2, email, 'wrong password!')
      expect(response.json.error?.code).toBe('INVALID_CREDENTIALS')
    }
    const limited = await logIn(browserFrom(), 0, email, TEST_PASSWORD)
    expect(limited.status).toBe(429)
    expect(limited.json.error?.code).toBe('RATE_LIMITED')
    expect(limited.json.error?.details.retry_after_seconds).toBeGreaterThan(0)
    expect(limited.headers.get('retry-after')).toBe(
      String(limited.json.error?.details.retry_after_seconds),
    )
    // Other accounts are not affected.
    const other = await buildAdminAccount(db.knex)
    expect((await logIn(browserFrom(), 1, other.email, TEST_PASSWORD)).status).toBe(303)
  })

  it('limits attempts per IP across accounts and processes', async () => {
    const ip = '203.0.113.7'
    for (let i = 0; i < 6; i++) {
      const response = await logIn(browserFrom(ip), i % 2, `guess-${i}@example.test`, 'password!!')
      expect(response.json.error?.code).toBe('INVALID_CREDENTIALS')
    }
    const { email } = await buildAdminAccount(db.knex)
    const limited = await logIn(browserFrom(ip), 1, email, TEST_PASSWORD)
    expect(limited.json.error?.code).toBe('RATE_LIMITED')
    expect((await logIn(browserFrom(), 0, email, TEST_PASSWORD)).status).toBe(303)
  })

  it('clears the account counter after a successful login', async () => {
    const { email } = await buildAdminAccount(db.knex)
    for (let i = 0; i < 3; i++) await logIn(browserFrom(), i % 2, email, 'wrong password!')
    expect((await logIn(browserFrom(), 0, email, TEST_PASSWORD)).status).toBe(303)
    for (let i = 0; i < 3; i++) {
      const response = await logIn(browserFrom(), i % 2, email, 'wrong password!')
      expect(response.json.error?.code).toBe('INVALID_CREDENTIALS')
    }
  })

  it('limits forgot-password requests per address (known or not) and per IP', async () => {
    const forgot = async (browser: TestBrowser, n: number, email: string) => {
      browser.baseUrl = urls[n]!
      await browser.get('/login')
      return browser.post('/forgot', { email })
    }
    const { email } = await buildAdminAccount(db.knex)
    for (const address of [email, 'nobody@example.test']) {
      expect((await forgot(browserFrom(), 0, address)).status).toBe(200)
      expect((await forgot(browserFrom(), 1, address)).status).toBe(200)
      const limited = await forgot(browserFrom(), 0, address)
      expect(limited.json.error?.code).toBe('RATE_LIMITED')
    }
    const ip = '203.0.113.99'
    for (let i = 0; i < 5; i++)
      expect((await forgot(browserFrom(ip), i % 2, `reset-${i}@example.test`)).status).toBe(200)
    const limited = await forgot(browserFrom(ip), 0, 'reset-last@example.test')
    expect(limited.json.error?.code).toBe('RATE_LIMITED')
  })
})
