import type { Knex } from 'knex'
import { listPlatforms } from '../../tenancy/queries/list-platforms.ts'
import { isLoopback } from './request-host.ts'
import type { SiteResolver } from './resolve-site.ts'

/**
 * Whether RewardFlow serves `domain` over HTTPS, asked by the TLS proxy before it obtains an
 * on-demand certificate (Caddy's `ask`): BASE_URL's host, a platform's domain (and its www.),
 * an active store's custom domain, or an active store's subdomain of its platform's domain.
 * Anything else is refused, so no one can make the proxy request certificates (and spend the
 * CA's rate limits) for names that are not ours. Store lookups go through the site resolver:
 * the same answer the pages give that host.
 */
export const tlsAllowed = async (
  db: Knex,
  resolver: SiteResolver,
  baseUrl: string,
  domain: string,
): Promise<boolean> => {
  const hostname = domain.trim().toLowerCase().replace(/\.$/, '')
  if (!hostname || isLoopback(hostname) || hostname === 'localhost') return false
  if (hostname.endsWith('.localhost')) return false
  if (hostname === new URL(baseUrl).hostname) return true
  const platforms = await listPlatforms(db)
  if (platforms.some((p) => hostname === p.base_domain || hostname === `www.${p.base_domain}`))
    return true
  const resolution = await resolver.resolve({
    headers: { host: hostname },
    encrypted: true,
    path: '/',
  })
  return (
    resolution.found &&
    resolution.site.kind === 'store' &&
    resolution.site.store.active &&
    resolution.site.merchant.status === 'active' &&
    resolution.site.hostForm !== 'path' &&
    resolution.host?.hostname === hostname
  )
}
