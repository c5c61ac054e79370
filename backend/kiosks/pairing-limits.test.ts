import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { buildMerchant, type BuiltMerchant } from '../test/factories.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { createKioskPairing } from './commands/create-kiosk.ts'
import { PAIRING_LIMITS } from '../security/request-limits.ts'
import { PAIRING_ALPHABET } from '../../shared/schemas/kiosk-api.ts'

// Kiosk pairing is where codes are guessed: at most 20 attempts per client IP and 5 per code in
// any 10 minutes (security/request-limits.ts), shared by the web processes of one database.

const db = useTestDatabase()
let one: TestApp
let two: TestApp
let merchant: BuiltMerchant

beforeAll(async () => {
  merchant = await buildMerchant(db.knex)
  one = await startTestApp(db.knex, { TRUST_PROXY: 'true' })
  two = await startTestApp(db.knex, { TRUST_PROXY: 'true' })
})
afterAll(async () => {
  await Promise.all([one.close(), two.close()])
})

const pair = (app: TestApp, code: string, ip: string) =>
  app.request('POST', '/api/v1/kiosk/pair', {
    body: { code, app_version: '1.0.0' },
    headers: { 'x-forwarded-for': ip },
  })

/** A well-formed code nobody was given: the i-th of a run (up to 625). */
const guess = (i: number) =>
  `ACDE${PAIRING_ALPHABET[i % 25]}${PAIRING_ALPHABET[Math.floor(i / 25) % 25]}AC`

const newCode = async () =>
  (
    await createKioskPairing(db.knex, {
      merchantId: merchant.merchantId,
      storeCode: merchant.storeCodes[0]!,
      name: 'Till',
      baseUrl: 'http://localhost',
      actor: merchant.actor,
    })
  ).code

describe('the kiosk pairing limits', () => {
  it('refuse the 21st guess from one IP, across two processes, with Retry-After', async () => {
    const limit = PAIRING_LIMITS.pairingPerIp.limit
    for (let i = 0; i < limit; i++) {
      const answer = await pair(i % 2 ? one : two, guess(i), '203.0.113.50')
      expect(answer.body.error.code).toBe('PAIRING_CODE_INVALID')
    }
    const refused = await pair(one, guess(limit), '203.0.113.50')
    expect(refused.status).toBe(429)
    expect(refused.body.error.code).toBe('RATE_LIMITED')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('refuse a code tried too often, from any IP', async () => {
    const code = await newCode()
    const limit = PAIRING_LIMITS.pairingPerCode.limit
    const wrong = guess(100)
    for (let i = 0; i < limit; i++)
      expect((await pair(one, wrong, `198.51.100.${i}`)).body.error.code).toBe(
        'PAIRING_CODE_INVALID',
      )
    expect((await pair(two, wrong, '198.51.100.99')).body.error.code).toBe('RATE_LIMITED')
    // Another code, from a fresh address, still pairs.
    const paired = await pair(two, code, '198.51.100.100')
    expect(paired.status).toBe(201)
    expect(paired.body.data.credential).toBeTruthy()
  })

  it('let a network pair kiosk after kiosk: a pairing clears its IP count', async () => {
    const limit = PAIRING_LIMITS.pairingPerIp.limit
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < limit - 1; i++)
        expect((await pair(one, guess(200 + i), '192.0.2.77')).body.error.code).toBe(
          'PAIRING_CODE_INVALID',
        )
      expect((await pair(two, await newCode(), '192.0.2.77')).status).toBe(201)
    }
  })
})
