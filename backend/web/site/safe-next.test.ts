import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../../test/test-database.ts'
import { createSiteResolver } from './resolve-site.ts'
import { safeNext } from './safe-next.ts'
import type { Site } from './site.ts'
import { buildStore, requestFor } from '../../test/test-stores.ts'

const db = useTestDatabase()
const sites = {} as Record<'custom' | 'subdomain' | 'path' | 'platform', Site>

beforeAll(async () => {
  await buildStore(db.knex, {
    code: 'FASHIONHUB',
    subdomain: 'fashionhub',
    customDomain: 'fashionhub.lu',
  })
  const config = { baseUrl: 'https://rewardflow.lu', trustProxy: false, hostRouting: true }
  const resolver = createSiteResolver(db.knex, config)
  const at = async (url: string) => {
    const resolution = await resolver.resolve(requestFor(url))
    if (!resolution.found) throw new Error(url)
    return resolution.site
  }
  sites.custom = await at('https://fashionhub.lu/login')
  sites.subdomain = await at('https://fashionhub.rewardflow.lu/login')
  sites.path = await at('https://rewardflow.lu/s/fashionhub/login')
  sites.platform = await at('https://rewardflow.lu/merchant/login')
})

describe('safe ?next= redirects', () => {
  it.each([
    ['//evil.com'],
    ['//evil.com/account'],
    ['/\\evil.com'],
    ['\\\\evil.com'],
    ['/account\\..\\..\\evil'],
    ['https://evil.com/'],
    ['https:/evil.com'],
    ['http://fashionhub.lu/account'],
    ['javascript:alert(1)'],
    ['account'],
    [''],
    ['/account\r\nSet-Cookie: x=1'],
    ['/account\u0000'],
    ['/\tevil.com'],
    ['/.//evil.com'],
    ['/%2e//evil.com'],
    [`/${'a'.repeat(2100)}`],
  ])('refuses %j', (next) => {
    for (const [form, site] of Object.entries(sites)) expect(safeNext(next, site), form).toBeNull()
  })

  it('refuses what is not a string (a repeated query parameter)', () => {
    expect(safeNext(['/account', '//evil.com'], sites.custom)).toBeNull()
    expect(safeNext(undefined, sites.custom)).toBeNull()
  })

  it('keeps a local path with its query and fragment on a store’s own host', () => {
    for (const site of [sites.custom, sites.subdomain])
      expect(safeNext('/account/history?page=2#top', site)).toBe('/account/history?page=2#top')
  })

  it('adds the store prefix on the path form', () => {
    expect(safeNext('/account', sites.path)).toBe('/s/fashionhub/account')
    expect(safeNext('/', sites.path)).toBe('/s/fashionhub/')
  })

  it('keeps the store prefix on the path form, in lowercase', () => {
    expect(safeNext('/s/fashionhub/account?x=1', sites.path)).toBe('/s/fashionhub/account?x=1')
    expect(safeNext('/s/FashionHub/account', sites.path)).toBe('/s/fashionhub/account')
    expect(safeNext('/s/fashionhub', sites.path)).toBe('/s/fashionhub/')
  })

  it('drops a leaked store prefix on a subdomain or custom domain (docs/lessons.md #10)', () => {
    for (const site of [sites.custom, sites.subdomain]) {
      expect(safeNext('/s/fashionhub/account', site)).toBe('/account')
      expect(safeNext('/s/FASHIONHUB', site)).toBe('/')
    }
  })

  it('refuses another store’s pages, and any store’s from the platform', () => {
    for (const site of [sites.custom, sites.subdomain, sites.path])
      expect(safeNext('/s/cafegare/account', site)).toBeNull()
    expect(safeNext('/s/fashionhub/account', sites.platform)).toBeNull()
    expect(safeNext('/merchant/customers?page=3', sites.platform)).toBe(
      '/merchant/customers?page=3',
    )
  })

  it('resolves dot segments before deciding, so .. cannot climb out of the store', () => {
    expect(safeNext('/s/fashionhub/../cafegare/account', sites.path)).toBeNull()
    expect(safeNext('/s/fashionhub/%2e%2e/%2e%2e/admin', sites.path)).toBe('/s/fashionhub/admin')
    expect(safeNext('/account/../profile', sites.subdomain)).toBe('/profile')
  })

  it('percent-encodes what a Location header must not carry raw', () => {
    expect(safeNext('/account?q=a b&x=é', sites.custom)).toBe('/account?q=a%20b&x=%C3%A9')
  })
})
