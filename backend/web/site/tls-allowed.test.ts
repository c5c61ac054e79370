import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildStore } from '../../test/test-stores.ts'
import { startTestApp, type TestApp } from '../../test/test-app.ts'
import { useTestDatabase } from '../../test/test-database.ts'

// Caddy's on-demand TLS asks before each new certificate: only hosts RewardFlow serves.

const db = useTestDatabase()
let app: TestApp

beforeAll(async () => {
  await buildStore(db.knex, {
    code: 'BOUTIQUE',
    subdomain: 'boutique',
    customDomain: 'rewards.boutique.lu',
    baseDomain: 'rewardflow.lu',
  })
  await buildStore(db.knex, {
    code: 'CLOSED',
    subdomain: 'closed',
    customDomain: 'closed-shop.lu',
    baseDomain: 'rewardflow.lu',
    active: false,
  })
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())

const ask = async (domain: string) =>
  (await app.request('GET', `/internal/tls-allowed?domain=${encodeURIComponent(domain)}`)).status

describe('GET /internal/tls-allowed (the TLS proxy asks before getting a certificate)', () => {
  it("allows an active store's custom domain and subdomain, and the platform's own domains", async () => {
    expect(await ask('rewards.boutique.lu')).toBe(200)
    expect(await ask('REWARDS.Boutique.lu.')).toBe(200)
    expect(await ask('boutique.rewardflow.lu')).toBe(200)
    expect(await ask('rewardflow.lu')).toBe(200)
    expect(await ask('www.rewardflow.lu')).toBe(200)
  })

  it('refuses any other name: unknown hosts, unknown subdomains, inactive stores, loopback', async () => {
    for (const domain of [
      'attacker.example',
      'nobody.rewardflow.lu',
      'a.boutique.rewardflow.lu',
      'closed-shop.lu',
      'closed.rewardflow.lu',
      'boutique.localhost',
      'localhost',
      '127.0.0.1',
      '',
    ])
      expect(await ask(domain), domain).toBe(404)
    expect((await app.request('GET', '/internal/tls-allowed')).status).toBe(404)
  })
})
