import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { buildMerchant, type BuiltMerchant } from '../test/factories.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { BATCH_FLUSH_MS } from '../security/rate-limit.ts'
import { createApiKey } from './api-keys.ts'

// The per-API-key limit (RATE_LIMIT_API_PER_MINUTE, here 5): counted in each process and added
// to PostgreSQL once a second (BATCH_FLUSH_MS), so two web processes on one database share it,
// each learning the other's hits within two flushes; beyond, 429 RATE_LIMITED as JSON with
// Retry-After.

const db = useTestDatabase()
let one: TestApp
let two: TestApp
let merchant: BuiltMerchant

beforeAll(async () => {
  merchant = await buildMerchant(db.knex)
  one = await startTestApp(db.knex, { RATE_LIMIT_API_PER_MINUTE: '5' })
  two = await startTestApp(db.knex, { RATE_LIMIT_API_PER_MINUTE: '5' })
})
afterAll(async () => {
  await Promise.all([one.close(), two.close()])
})

const newKey = async (name: string) =>
  (
    await createApiKey(db.knex, {
      merchantId: merchant.merchantId,
      name,
      actor: merchant.actor,
    })
  ).token

const lookUp = (app: TestApp, token: string) =>
  app.request('GET', '/api/v1/cards?email=nobody@example.lu', { token })

describe('the API key limit', () => {
  it('answers 429 RATE_LIMITED at once past the limit within one process', async () => {
    const token = await newKey('one process')
    for (let i = 0; i < 5; i++) expect((await lookUp(one, token)).status).toBe(200)
    expect((await lookUp(one, token)).status).toBe(429)
    // Refused requests count too: after the flush, the other process refuses as well.
    await new Promise((resolve) => setTimeout(resolve, 2 * BATCH_FLUSH_MS + 200))
    expect((await lookUp(two, token)).status).toBe(429)
  })

  it('answers 429 RATE_LIMITED with Retry-After past the limit, counted across two processes', async () => {
    const token = await newKey('busy')
    for (let i = 0; i < 5; i++) expect((await lookUp(i % 2 ? one : two, token)).status).toBe(200)
    // Each process learns the other's hits at its next flushes.
    await new Promise((resolve) => setTimeout(resolve, 2 * BATCH_FLUSH_MS + 200))
    const refused = await lookUp(one, token)
    expect(refused.status).toBe(429)
    expect(refused.body.error.code).toBe('RATE_LIMITED')
    expect(refused.body.error.details.retry_after_seconds).toBeGreaterThan(0)
    expect(refused.body.error.details.retry_after_seconds).toBeLessThanOrEqual(120)
    expect(refused.headers.get('retry-after')).toBe(
      String(refused.body.error.details.retry_after_seconds),
    )
    expect((await lookUp(two, token)).status).toBe(429)
    // Another key of the same merchant has its own count.
    expect((await lookUp(two, await newKey('quiet'))).status).toBe(200)
  })

  it('does not count requests without an API key (refused for want of one)', async () => {
    for (let i = 0; i < 8; i++)
      expect((await one.request('GET', '/api/v1/cards?email=a@example.lu')).status).toBe(401)
  })
})
