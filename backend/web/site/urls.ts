import type { Config } from '../../config.ts'
import type { PlatformRow, StoreRow } from '../../tenancy/models.ts'
import { fillPattern, PAGES, type PageArgs, type PageName, type Query } from './pages.ts'
import { storePathPrefix, type HostForm, type Site } from './site.ts'

/** Builds every outbound URL of one site: links, redirects, emails, wallet links, QR payloads. */
export type SiteUrls = {
  /** How the store is addressed, or 'platform' for merchant and admin pages. */
  hostForm: HostForm | 'platform'
  /** `proto://host[:port]` of the site's pages. */
  origin: string
  /** `/s/<code>` on the path form, else empty. */
  prefix: string
  /**
   * A link or redirect target: a root-relative path on the current host (prefixed on the path
   * form, never on a store's own host); an absolute URL when the page lives on another host
   * (merchant and admin pages seen from a store's own domain).
   */
  path: <N extends PageName>(name: N, ...args: PageArgs<N>) => string
  /** The absolute URL, for emails, wallet passes and QR codes. */
  absolute: <N extends PageName>(name: N, ...args: PageArgs<N>) => string
}

type UrlTarget =
  | { kind: 'store'; hostForm: HostForm; code: string; origin: string; platformOrigin: string }
  | { kind: 'platform'; origin: string }

const buildUrls = (target: UrlTarget): SiteUrls => {
  const prefix =
    target.kind === 'store' && target.hostForm === 'path' ? storePathPrefix(target.code) : ''
  const platformOrigin = target.kind === 'store' ? target.platformOrigin : target.origin
  const onPlatformHost = platformOrigin === target.origin
  const build = (name: PageName, absolute: boolean, args: readonly unknown[]) => {
    // PageArgs<N> has checked the arguments at the call site; TypeScript cannot narrow the
    // generic tuple back here.
    const [params, query] = args as [Record<string, string> | null | undefined, Query | undefined]
    const path = fillPattern(name, params, query)
    if (PAGES[name].surface !== 'storefront')
      return (absolute || !onPlatformHost ? platformOrigin : '') + path
    if (target.kind !== 'store') throw new Error(`${name} is a storefront page: it needs a store`)
    return (absolute ? target.origin : '') + prefix + path
  }
  return {
    hostForm: target.kind === 'store' ? target.hostForm : 'platform',
    origin: target.origin,
    prefix,
    path: (name, ...args) => build(name, false, args),
    absolute: (name, ...args) => build(name, true, args),
  }
}

/**
 * The URL builder of a resolved request: `origin` is the request's (see SiteResolution), and
 * merchant and admin pages seen from a store's own domain point to BASE_URL.
 */
export const urlsForSite = (site: Site, origin: string, config: Pick<Config, 'baseUrl'>) =>
  site.kind === 'platform'
    ? buildUrls({ kind: 'platform', origin })
    : buildUrls({
        kind: 'store',
        hostForm: site.hostForm,
        code: site.store.code,
        origin,
        platformOrigin: site.hostForm === 'path' ? origin : config.baseUrl,
      })

/**
 * A store's URLs outside a request (jobs, emails, wallet passes). With HOST_ROUTING the custom
 * domain, else the platform subdomain (both https); otherwise, and for a store with neither,
 * `BASE_URL/s/<code>`, which works wherever BASE_URL does, localhost included.
 */
export const canonicalStoreUrls = (
  store: Pick<StoreRow, 'code' | 'subdomain' | 'custom_domain'>,
  platform: Pick<PlatformRow, 'base_domain'>,
  config: Pick<Config, 'baseUrl' | 'hostRouting'>,
): SiteUrls => {
  const store_ = (hostForm: HostForm, origin: string) =>
    buildUrls({ kind: 'store', hostForm, code: store.code, origin, platformOrigin: config.baseUrl })
  if (config.hostRouting && store.custom_domain)
    return store_('custom', `https://${store.custom_domain}`)
  if (config.hostRouting && store.subdomain)
    return store_('subdomain', `https://${store.subdomain}.${platform.base_domain}`)
  return store_('path', config.baseUrl)
}

/** The platform's URLs outside a request (merchant and admin emails): always on BASE_URL. */
export const canonicalPlatformUrls = (config: Pick<Config, 'baseUrl'>): SiteUrls =>
  buildUrls({ kind: 'platform', origin: config.baseUrl })
