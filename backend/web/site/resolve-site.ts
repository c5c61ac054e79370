import type { Knex } from 'knex'
import type { Config } from '../../config.ts'
import type { PlatformRow } from '../../tenancy/models.ts'
import {
  findStoreTenancy,
  type StoreKey,
  type StoreTenancy,
} from '../../tenancy/queries/find-store-tenancy.ts'
import { listPlatforms } from '../../tenancy/queries/list-platforms.ts'
import { isLoopback, readRequestHost, type HostInput, type RequestHost } from './request-host.ts'
import { storePathPrefix, type HostForm, type Site } from './site.ts'

/** How long a process trusts a looked-up store or platform before asking the database again. */
export const SITE_CACHE_MS = 5_000

export type SiteConfig = Pick<Config, 'baseUrl' | 'trustProxy' | 'hostRouting'>

/** What the resolver needs from a request: headers, whether the socket is TLS, the path. */
export type SiteRequest = HostInput & { path: string }

export type NotFoundReason =
  /** No Host header, or one that is not a host name. */
  | 'bad-host'
  /** A host under a platform's domain (or localhost) that no store has, e.g. `a.b.rewardflow.lu`. */
  | 'unknown-host'
  /** A subdomain or /s/<code> that no store has. */
  | 'unknown-store'

export type SiteResolution =
  | {
      found: true
      site: Site
      host: RequestHost
      /** The request path without the /s/<code> prefix of the path form. */
      path: string
      /** Base of absolute URLs: the request's origin, or BASE_URL's for a host we do not know. */
      origin: string
    }
  | { found: false; reason: NotFoundReason; host: RequestHost | null }

export type SiteResolver = {
  resolve: (request: SiteRequest) => Promise<SiteResolution>
  /** Forgets every cached lookup (e.g. right after an admin changed a store's domains). */
  clear: () => void
}

type Cached<T> = { value: Promise<T>; until: number }

const STORE_CODE = /^[A-Z0-9][A-Z0-9_-]{1,31}$/
const STORE_PATH = /^\/s\/([^/]+)(\/.*)?$/
const MAX_CACHED = 10_000

/**
 * Resolves a request to a store (custom domain, platform subdomain or `/s/<code>`) or to the
 * platform. Lookups, including misses, are remembered for `cacheMs` per resolver, so a page
 * render pays no query for its site and a changed domain takes effect within seconds.
 */
export const createSiteResolver = (
  db: Knex,
  config: SiteConfig,
  options: { cacheMs?: number; now?: () => number } = {},
): SiteResolver => {
  const cacheMs = options.cacheMs ?? SITE_CACHE_MS
  const now = options.now ?? Date.now
  const base = new URL(config.baseUrl)
  const stores = new Map<string, Cached<StoreTenancy | null>>()
  let platforms: Cached<PlatformRow[]> | undefined

  // The promise is cached, so concurrent renders of a cold site share one lookup; a failed
  // lookup is forgotten at once.
  const cached = <T>(
    entry: Cached<T> | undefined,
    load: () => Promise<T>,
    forget: (failed: Cached<T>) => void,
  ): Cached<T> => {
    if (entry && entry.until >= now()) return entry
    const fresh = { value: load(), until: now() + cacheMs }
    fresh.value.catch(() => forget(fresh))
    return fresh
  }

  const loadPlatforms = () => {
    platforms = cached(
      platforms,
      () => listPlatforms(db),
      (failed) => {
        if (platforms === failed) platforms = undefined
      },
    )
    return platforms.value
  }

  const findStore = (column: StoreKey, value: string) => {
    const key = `${column}:${value}`
    if (stores.size >= MAX_CACHED) stores.clear()
    const entry = cached(
      stores.get(key),
      () => findStoreTenancy(db, column, value),
      (failed) => {
        if (stores.get(key) === failed) stores.delete(key)
      },
    )
    stores.set(key, entry)
    return entry.value
  }

  const resolve = async (request: SiteRequest): Promise<SiteResolution> => {
    const host = readRequestHost(request, config.trustProxy)
    if (!host) return { found: false, reason: 'bad-host', host }
    const { hostname } = host
    const all = await loadPlatforms()
    const hostPlatform = all.find(
      (p) => hostname === p.base_domain || hostname === `www.${p.base_domain}`,
    )
    // Absolute URLs carry the request's host only when we know it: a forged Host header must
    // not end up in a password-reset email.
    const knownHost = !!hostPlatform || isLoopback(hostname) || hostname === base.hostname
    const origin = knownHost ? host.origin : base.origin
    const notFound = (reason: NotFoundReason) => ({ found: false as const, reason, host })
    const storeSite = (
      rows: StoreTenancy,
      hostForm: HostForm,
      path: string,
      siteOrigin: string,
    ): SiteResolution => {
      // A closed store or a suspended merchant still resolves: the page stack reads both fresh
      // on every request and answers their own page (site-context.ts), never a stale one.
      const prefix = hostForm === 'path' ? storePathPrefix(rows.store.code) : ''
      const site = { kind: 'store', hostForm, prefix, ...rows } satisfies Site
      return { found: true, site, host, path, origin: siteOrigin }
    }

    if (!knownHost) {
      const custom = await findStore('custom_domain', hostname)
      if (custom) return storeSite(custom, 'custom', request.path, host.origin)
      const parent = ['localhost', ...all.map((p) => p.base_domain)]
        .filter((domain) => hostname.endsWith(`.${domain}`))
        .sort((a, b) => b.length - a.length)[0]
      if (parent !== undefined) {
        const label = hostname.slice(0, -parent.length - 1)
        if (label.includes('.')) return notFound('unknown-host')
        const rows = await findStore('subdomain', label)
        if (!rows || (parent !== 'localhost' && parent !== rows.platform.base_domain))
          return notFound('unknown-store')
        return storeSite(rows, 'subdomain', request.path, host.origin)
      }
    }

    const match = STORE_PATH.exec(request.path)
    if (match) {
      const code = match[1]!.toUpperCase()
      if (!STORE_CODE.test(code)) return notFound('unknown-store')
      const rows = await findStore('code', code)
      // On a platform's own domain, only that platform's stores.
      if (!rows || (hostPlatform && hostPlatform.base_domain !== rows.platform.base_domain))
        return notFound('unknown-store')
      return storeSite(rows, 'path', match[2] ?? '/', origin)
    }

    const platform =
      hostPlatform ??
      all.find(
        (p) => base.hostname === p.base_domain || base.hostname.endsWith(`.${p.base_domain}`),
      ) ??
      all[0] ??
      null
    return { found: true, site: { kind: 'platform', platform }, host, path: request.path, origin }
  }

  return {
    resolve,
    clear: () => {
      stores.clear()
      platforms = undefined
    },
  }
}
