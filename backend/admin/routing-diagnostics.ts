import type { Knex } from 'knex'
import { fillPattern, isStorefrontPage, PAGE_NAMES, type PageName } from '../web/site/pages.ts'
import {
  createSiteResolver,
  type SiteConfig,
  type SiteRequest,
  type SiteResolver,
} from '../web/site/resolve-site.ts'
import { safeNext } from '../web/site/safe-next.ts'
import { HOST_FORMS, storePathPrefix, type HostForm } from '../web/site/site.ts'
import { urlsForSite } from '../web/site/urls.ts'
import { errorCodeOf, liveGet, pool, type LiveAnswer, type LiveApp } from './live-request.ts'

// The routing diagnostics: the URL matrix of
// backend/web/site/urls.test.ts, run on the real stores against the running app. Every
// storefront page of every active store, in each host form the store has, is built with the one
// URL builder, resolved by the site resolver the app uses, and requested from the app itself;
// every redirect it answers with is checked for the path prefix (docs/lessons.md #10).

/** What can be wrong with one check; the page shows each in the admin's language. */
export type RoutingProblem =
  /** The store's own address in this form does not lead to it. */
  | 'home_not_resolved'
  /** The built URL leads to no store. */
  | 'not_resolved'
  | 'other_store'
  | 'other_page'
  /** A link on a store's own host carries /s/<code>. */
  | 'prefix_on_own_host'
  /** A link on the path form lacks /s/<code>. */
  | 'prefix_missing'
  /** An absolute URL points to another host than the one the visitor used. */
  | 'other_origin'
  | 'live_unreachable'
  | 'live_server_error'
  /** The app answered 404 "store not found" for a URL the resolver accepts. */
  | 'live_store_not_found'
  | 'redirect_prefix'
  | 'redirect_prefix_missing'
  | 'redirect_other_store'

export type PageCheck = {
  page: PageName
  /** The link as a page on that host writes it, and the absolute URL. */
  link: string | null
  url: string | null
  /** Where the resolver sends the URL: the store's code and the page path. */
  resolved: { storeCode: string | null; path: string } | null
  live: LiveAnswer | null
  problems: RoutingProblem[]
}

export type RedirectCheck = {
  /** A redirect the app answered with, or the one after logging in (safeNext of `next`). */
  kind: 'live' | 'after_login'
  page: PageName
  /** The URL requested (live) or the `next` value (after login). */
  from: string
  location: string | null
  problems: RoutingProblem[]
}

export type HostFormCheck = {
  hostForm: HostForm
  /** The store's home in this form; null when it has none (no custom domain or subdomain). */
  home: string | null
  pages: PageCheck[]
  redirects: RedirectCheck[]
}

export type StoreRouting = {
  id: string
  code: string
  name: string
  merchantName: string
  forms: HostFormCheck[]
}

export type RoutingSummary = {
  /** Page checks (store × host form × page). */
  checks: number
  failed: number
  redirects: number
  redirectsFailed: number
  /** Host forms a store does not have (not a failure). */
  notConfigured: number
}

export type RoutingReport = { stores: StoreRouting[]; summary: RoutingSummary; live: boolean }

/** The storefront pages, in the order of pages.ts. */
export const STOREFRONT_PAGES = PAGE_NAMES.filter(isStorefrontPage)

const PARAMS = { token: 'routing-check' }
const LIVE_CONCURRENCY = 4

type StoreRow = {
  id: string
  code: string
  name: string
  subdomain: string | null
  custom_domain: string | null
  merchant_name: string
  base_domain: string
}

/** A request as a browser sends it for `url` (https means a TLS socket). */
const requestOf = (url: string): SiteRequest => {
  const parsed = new URL(url)
  return {
    headers: { host: parsed.host },
    encrypted: parsed.protocol === 'https:',
    path: parsed.pathname,
  }
}

/**
 * The store's home in each host form, with BASE_URL's scheme and port: its custom domain, its
 * subdomain of the platform's domain (of `localhost` when BASE_URL is localhost, as in
 * development), and /s/<code> on BASE_URL.
 */
export const storeHomes = (
  store: Pick<StoreRow, 'code' | 'subdomain' | 'custom_domain' | 'base_domain'>,
  baseUrl: string,
): Record<HostForm, string | null> => {
  const base = new URL(baseUrl)
  const port = base.port ? `:${base.port}` : ''
  const parent = base.hostname === 'localhost' ? 'localhost' : store.base_domain
  return {
    custom: store.custom_domain ? `${base.protocol}//${store.custom_domain}${port}/` : null,
    subdomain: store.subdomain ? `${base.protocol}//${store.subdomain}.${parent}${port}/` : null,
    path: `${base.origin}${storePathPrefix(store.code)}/`,
  }
}

const decoded = (value: string) => {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/**
 * The prefix rule for a redirect target (`Location`, or a post-login target): on a store's own
 * host no `/s/` anywhere, `next` included; on the path form, under the store's prefix.
 */
export const redirectPrefixProblems = (
  location: string,
  requestUrl: string,
  hostForm: HostForm,
  prefix: string,
): RoutingProblem[] => {
  const target = new URL(location, requestUrl)
  if (hostForm !== 'path')
    return decoded(`${target.pathname}${target.search}`).includes('/s/') ? ['redirect_prefix'] : []
  return target.pathname === prefix || target.pathname.startsWith(`${prefix}/`)
    ? []
    : ['redirect_prefix_missing']
}

const leadsToStore = async (resolver: SiteResolver, url: string, storeId: string) => {
  const resolution = await resolver.resolve(requestOf(url))
  return (
    resolution.found && resolution.site.kind === 'store' && resolution.site.store.id === storeId
  )
}

type FormContext = {
  resolver: SiteResolver
  config: SiteConfig
  live: LiveApp | undefined
  store: StoreRow
  hostForm: HostForm
  home: string
}

const checkHostForm = async (context: FormContext): Promise<HostFormCheck> => {
  const { resolver, config, store, hostForm, home, live } = context
  const prefix = storePathPrefix(store.code)
  const result: HostFormCheck = { hostForm, home, pages: [], redirects: [] }
  const start = await resolver.resolve(requestOf(home))
  if (
    !start.found ||
    start.site.kind !== 'store' ||
    start.site.store.id !== store.id ||
    start.site.hostForm !== hostForm
  ) {
    result.pages = STOREFRONT_PAGES.map((page) => ({
      page,
      link: null,
      url: null,
      resolved: null,
      live: null,
      problems: ['home_not_resolved'],
    }))
    return result
  }
  const site = start.site
  const urls = urlsForSite(site, start.origin, config)
  const origin = new URL(home).origin

  // After logging in, the storefront goes to safeNext(next) (else the account): a `next` written
  // on another host form must land in this one.
  const expected = urls.path('account')
  for (const next of [`${prefix}/account`, '/account']) {
    const location = safeNext(next, site)
    const problems: RoutingProblem[] =
      location === expected
        ? []
        : [hostForm === 'path' ? 'redirect_prefix_missing' : 'redirect_prefix']
    result.redirects.push({ kind: 'after_login', page: 'account', from: next, location, problems })
  }

  result.pages = await Promise.all(
    STOREFRONT_PAGES.map(async (page): Promise<PageCheck> => {
      const link = urls.path(page, PARAMS)
      const url = urls.absolute(page, PARAMS)
      const problems: RoutingProblem[] = []
      if (hostForm === 'path') {
        if (!link.startsWith(`${prefix}/`)) problems.push('prefix_missing')
      } else if (link.includes('/s/') || new URL(url).pathname.includes('/s/')) {
        problems.push('prefix_on_own_host')
      }
      if (new URL(url).origin !== origin) problems.push('other_origin')
      const back = await resolver.resolve(requestOf(url))
      const resolved = back.found
        ? {
            storeCode: back.site.kind === 'store' ? back.site.store.code : null,
            path: back.path,
          }
        : null
      if (!back.found || back.site.kind !== 'store') problems.push('not_resolved')
      else {
        if (back.site.store.id !== store.id) problems.push('other_store')
        if (back.path !== fillPattern(page, PARAMS)) problems.push('other_page')
      }
      return { page, link, url, resolved, live: null, problems }
    }),
  )

  if (live) {
    await pool(
      result.pages.map((check) => async () => {
        if (!check.url) return
        const url = new URL(check.url)
        const answer = await liveGet(live, url, 'text/html', config.trustProxy)
        check.live = { status: answer.status, location: answer.location }
        if (answer.status === 0) check.problems.push('live_unreachable')
        else if (answer.status >= 500) check.problems.push('live_server_error')
        else if (answer.status === 404) {
          // A page this app does not serve (POST-only, not built) is fine; a lost store is not.
          const json = await liveGet(live, url, 'application/json', config.trustProxy)
          if (errorCodeOf(json.body) === 'STORE_NOT_FOUND')
            check.problems.push('live_store_not_found')
        } else if (answer.status >= 300 && answer.status < 400 && answer.location) {
          const problems = redirectPrefixProblems(answer.location, check.url, hostForm, prefix)
          const target = new URL(answer.location, check.url).href
          if (!(await leadsToStore(resolver, target, store.id)))
            problems.push('redirect_other_store')
          check.problems.push(...problems)
          result.redirects.push({
            kind: 'live',
            page: check.page,
            from: check.url,
            location: answer.location,
            problems,
          })
        }
      }),
      LIVE_CONCURRENCY,
    )
    const order = (check: RedirectCheck) =>
      check.kind === 'after_login'
        ? -1
        : (STOREFRONT_PAGES as readonly PageName[]).indexOf(check.page)
    result.redirects.sort((a, b) => order(a) - order(b))
  }
  return result
}

/**
 * Runs the routing matrix for every active store: host forms × storefront pages, each URL built
 * by the URL builder, resolved by a fresh site resolver, and — with `live` — requested from the
 * running app, whose redirects are checked too.
 */
export const runRoutingDiagnostics = async (
  db: Knex,
  config: SiteConfig,
  options: { live?: LiveApp } = {},
): Promise<RoutingReport> => {
  const resolver = createSiteResolver(db, config)
  const stores: StoreRow[] = await db('stores as s')
    .join('merchants as m', 'm.id', 's.merchant_id')
    .join('platforms as p', 'p.id', 'm.platform_id')
    .where({ 's.active': true, 'm.status': 'active' })
    .orderBy([{ column: 'm.name' }, { column: 's.name' }])
    .select(
      's.id',
      's.code',
      's.name',
      's.subdomain',
      's.custom_domain',
      'm.name as merchant_name',
      'p.base_domain',
    )
  const report: StoreRouting[] = []
  for (const store of stores) {
    const homes = storeHomes(store, config.baseUrl)
    const forms: HostFormCheck[] = []
    for (const hostForm of HOST_FORMS) {
      const home = homes[hostForm]
      forms.push(
        home
          ? await checkHostForm({ resolver, config, live: options.live, store, hostForm, home })
          : { hostForm, home: null, pages: [], redirects: [] },
      )
    }
    report.push({
      id: store.id,
      code: store.code,
      name: store.name,
      merchantName: store.merchant_name,
      forms,
    })
  }
  const forms = report.flatMap((store) => store.forms)
  const pages = forms.flatMap((form) => form.pages)
  const redirects = forms.flatMap((form) => form.redirects)
  return {
    stores: report,
    live: !!options.live,
    summary: {
      checks: pages.length,
      failed: pages.filter((check) => check.problems.length > 0).length,
      redirects: redirects.length,
      redirectsFailed: redirects.filter((check) => check.problems.length > 0).length,
      notConfigured: forms.filter((form) => form.home === null).length,
    },
  }
}
