import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../../test/test-database.ts'
import { createSiteResolver, type SiteConfig, type SiteResolution } from './resolve-site.ts'
import { buildStore, requestFor } from '../../test/test-stores.ts'

const db = useTestDatabase()

const production: SiteConfig = {
  baseUrl: 'https://rewardflow.lu',
  trustProxy: false,
  hostRouting: true,
}
const development: SiteConfig = {
  baseUrl: 'http://localhost:3000',
  trustProxy: false,
  hostRouting: false,
}

let hubId: string

beforeAll(async () => {
  hubId = (
    await buildStore(db.knex, {
      code: 'FASHIONHUB',
      subdomain: 'fashionhub',
      customDomain: 'fashionhub.lu',
    })
  ).storeId
  await buildStore(db.knex, {
    code: 'CLOSED',
    subdomain: 'closed',
    customDomain: 'closed.lu',
    active: false,
  })
  await buildStore(db.knex, { code: 'FROZEN', subdomain: 'frozen', merchantStatus: 'suspended' })
  await buildStore(db.knex, {
    code: 'ELSEWHERE',
    subdomain: 'elsewhere',
    baseDomain: 'other.example',
  })
})

const resolve = (url: string, config = production, headers: Record<string, string> = {}) =>
  createSiteResolver(db.knex, config).resolve(requestFor(url, headers))

const storeOf = (resolution: SiteResolution) => {
  if (!resolution.found || resolution.site.kind !== 'store')
    throw new Error(`expected a store, got ${JSON.stringify(resolution)}`)
  return { ...resolution, ...resolution.site }
}

describe('resolving a store from the host', () => {
  it('finds a store by its custom domain, with no path prefix', async () => {
    const site = storeOf(await resolve('https://fashionhub.lu/join'))
    expect(site).toMatchObject({ hostForm: 'custom', prefix: '', path: '/join' })
    expect(site.origin).toBe('https://fashionhub.lu')
    expect(site.store).toMatchObject({ id: hubId, code: 'FASHIONHUB' })
    expect(site.merchant.status).toBe('active')
    expect(site.platform.base_domain).toBe('rewardflow.lu')
  })

  it('finds a store by its subdomain of the platform domain', async () => {
    const site = storeOf(await resolve('https://fashionhub.rewardflow.lu/account/card'))
    expect(site).toMatchObject({ hostForm: 'subdomain', prefix: '', path: '/account/card' })
    expect(site.origin).toBe('https://fashionhub.rewardflow.lu')
  })

  it('finds a store by its subdomain of localhost, for development', async () => {
    const site = storeOf(await resolve('http://fashionhub.localhost:3000/login', development))
    expect(site).toMatchObject({ hostForm: 'subdomain', path: '/login' })
    expect(site.origin).toBe('http://fashionhub.localhost:3000')
  })

  it('lowercases the host and strips its port', async () => {
    const site = storeOf(
      await resolve('https://x.invalid/', production, { host: 'FashionHub.LU:8443' }),
    )
    expect(site).toMatchObject({ hostForm: 'custom', origin: 'https://fashionhub.lu:8443' })
  })

  it('does not serve a subdomain under another platform’s domain', async () => {
    expect(await resolve('https://elsewhere.rewardflow.lu/')).toMatchObject({
      found: false,
      reason: 'unknown-store',
    })
    expect(storeOf(await resolve('https://elsewhere.other.example/')).hostForm).toBe('subdomain')
  })
})

describe('resolving a store from the path', () => {
  it('finds a store by /s/<code> on the platform host, case-insensitively', async () => {
    const site = storeOf(await resolve('https://rewardflow.lu/s/FashionHub/account/history'))
    expect(site).toMatchObject({
      hostForm: 'path',
      prefix: '/s/fashionhub',
      path: '/account/history',
      origin: 'https://rewardflow.lu',
    })
  })

  it('treats the bare prefix, with or without a slash, as the store home', async () => {
    expect(storeOf(await resolve('http://localhost:3000/s/fashionhub', development)).path).toBe('/')
    expect(storeOf(await resolve('http://localhost:3000/s/fashionhub/', development)).path).toBe(
      '/',
    )
  })

  it('serves the path form on any other host, with BASE_URL as the origin of absolute URLs', async () => {
    const site = storeOf(await resolve('http://192.168.1.20:3000/s/fashionhub/join', development))
    expect(site).toMatchObject({ hostForm: 'path', path: '/join', origin: 'http://localhost:3000' })
    const forged = storeOf(await resolve('https://evil.example/s/fashionhub/password/forgot'))
    expect(forged.origin).toBe('https://rewardflow.lu')
  })

  it('does not serve another platform’s store on a platform’s domain', async () => {
    expect(await resolve('https://rewardflow.lu/s/elsewhere/')).toMatchObject({
      found: false,
      reason: 'unknown-store',
    })
    expect(storeOf(await resolve('http://localhost:3000/s/elsewhere/', development)).path).toBe('/')
  })
})

describe('resolving the platform', () => {
  it('answers the platform for its domain, www, localhost and other hosts', async () => {
    for (const url of [
      'https://rewardflow.lu/merchant',
      'https://www.rewardflow.lu/merchant',
      'http://localhost:3000/merchant',
      'http://127.0.0.1:3000/merchant',
    ]) {
      const resolution = await resolve(url)
      expect(resolution, url).toMatchObject({ found: true, path: '/merchant' })
      if (!resolution.found) continue
      expect(resolution.site.kind, url).toBe('platform')
      expect(resolution.origin, url).toBe(new URL(url).origin)
    }
  })

  it('picks the platform of the host, else the one of BASE_URL', async () => {
    const own = await resolve('https://rewardflow.lu/admin')
    const other = await resolve('https://other.example/admin')
    if (!own.found || own.site.kind !== 'platform') throw new Error('expected the platform')
    if (!other.found || other.site.kind !== 'platform') throw new Error('expected the platform')
    expect(own.site.platform?.base_domain).toBe('rewardflow.lu')
    expect(other.site.platform?.base_domain).toBe('other.example')
    const unknown = await resolve('https://unknown.example/admin')
    expect(unknown).toMatchObject({ found: true, origin: 'https://rewardflow.lu' })
    if (unknown.found && unknown.site.kind === 'platform')
      expect(unknown.site.platform?.base_domain).toBe('rewardflow.lu')
  })
})

describe('closed stores and suspended merchants', () => {
  // They resolve to their store: the page stack reads both fresh and answers STORE_CLOSED or
  // MERCHANT_SUSPENDED (site-context.ts), so a cached lookup never hides a change.
  it.each([
    ['a closed store by custom domain', 'https://closed.lu/', 'CLOSED'],
    ['a closed store by subdomain', 'https://closed.rewardflow.lu/', 'CLOSED'],
    ['a closed store by path', 'https://rewardflow.lu/s/closed/join', 'CLOSED'],
    ['a store of a suspended merchant', 'https://frozen.rewardflow.lu/', 'FROZEN'],
  ])('%s', async (_name, url, code) => {
    expect(await resolve(url)).toMatchObject({ found: true, site: { store: { code } } })
  })
})

describe('not found', () => {
  it.each([
    ['an unknown subdomain', 'https://nope.rewardflow.lu/', 'unknown-store'],
    ['an unknown localhost subdomain', 'http://nope.localhost:3000/', 'unknown-store'],
    ['a host two levels down', 'https://www.fashionhub.rewardflow.lu/', 'unknown-host'],
    ['an unknown store code', 'https://rewardflow.lu/s/nope/join', 'unknown-store'],
    ['a malformed store code', 'https://rewardflow.lu/s/fashion.hub/join', 'unknown-store'],
  ])('%s', async (_name, url, reason) => {
    expect(await resolve(url)).toMatchObject({ found: false, reason })
  })

  it('answers bad-host for a request without a usable host', async () => {
    const resolver = createSiteResolver(db.knex, production)
    expect(await resolver.resolve({ headers: {}, encrypted: false, path: '/' })).toMatchObject({
      found: false,
      reason: 'bad-host',
    })
  })
})

describe('behind a proxy', () => {
  const viaProxy = { 'x-forwarded-host': 'fashionhub.lu', 'x-forwarded-proto': 'https' }

  it('resolves the forwarded host and scheme when TRUST_PROXY is on', async () => {
    const site = storeOf(
      await resolve('http://10.0.0.5:3000/account', { ...production, trustProxy: true }, viaProxy),
    )
    expect(site).toMatchObject({ hostForm: 'custom', origin: 'https://fashionhub.lu' })
  })

  it('ignores the forwarded headers when TRUST_PROXY is off', async () => {
    const resolution = await resolve('http://10.0.0.5:3000/account', production, viaProxy)
    expect(resolution).toMatchObject({ found: true, origin: 'https://rewardflow.lu' })
    if (resolution.found) expect(resolution.site.kind).toBe('platform')
  })
})

describe('caching', () => {
  it('answers from memory for a few seconds, then sees the change', async () => {
    let clock = 1_000_000
    const resolver = createSiteResolver(db.knex, production, { now: () => clock })
    const request = requestFor('https://fashionhub.lu/')
    let queries = 0
    const count = () => queries++
    db.knex.on('query', count)
    try {
      expect(await resolver.resolve(request)).toMatchObject({ site: { kind: 'store' } })
      const afterFirst = queries
      expect(afterFirst).toBeGreaterThan(0)
      await db.knex('stores').where('id', hubId).update({ custom_domain: 'fashionhub.example' })
      queries = 0
      expect(await resolver.resolve(request)).toMatchObject({ site: { kind: 'store' } })
      expect(queries).toBe(0)
      clock += 5_001
      // No longer a store's domain: just another host, where the platform answers.
      expect(await resolver.resolve(request)).toMatchObject({ site: { kind: 'platform' } })
      const moved = requestFor('https://fashionhub.example/')
      expect(await resolver.resolve(moved)).toMatchObject({ site: { kind: 'store' } })
      await db.knex('stores').where('id', hubId).update({ custom_domain: 'fashionhub.example2' })
      expect(await resolver.resolve(moved)).toMatchObject({ site: { kind: 'store' } })
      resolver.clear()
      expect(await resolver.resolve(moved)).toMatchObject({ site: { kind: 'platform' } })
    } finally {
      db.knex.removeListener('query', count)
      await db
        .knex('stores')
        .where('id', hubId)
        .update({ custom_domain: 'fashionhub.lu', active: true })
    }
  })

  it('shares one lookup between concurrent requests for a cold site', async () => {
    const resolver = createSiteResolver(db.knex, production)
    let queries = 0
    const count = () => queries++
    db.knex.on('query', count)
    try {
      await Promise.all(
        Array.from({ length: 5 }, () => resolver.resolve(requestFor('https://fashionhub.lu/'))),
      )
    } finally {
      db.knex.removeListener('query', count)
    }
    // platforms, store, merchant, platform of the store: once each.
    expect(queries).toBe(4)
  })
})
