import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../auth/actor.ts'
import { apiRoutes, pageRoutes } from '../app.ts'
import { createApiKey } from '../api-keys/api-keys.ts'
import { loadConfig } from '../config.ts'
import { createKioskPairing } from '../kiosks/commands/create-kiosk.ts'
import { DEMO, seedDemoData } from '../seed/demo-seed.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import type { ApiRoute } from '../http/api-route.ts'
import type { PageRoute } from '../web/pages/page-route.ts'
import { createMerchantUser } from '../accounts/commands/create-merchant-user.ts'
import { createSession } from '../accounts/session-store.ts'
import { SESSION_COOKIES } from '../web/sessions/session-middleware.ts'
import type { Audience } from '../accounts/settings.ts'
import type { AccountRef } from '../accounts/accounts.ts'
import { webAuthSettings } from '../accounts/settings.ts'
import { PAGE_NAMES, PAGES, type Surface } from '../web/site/pages.ts'
import { ACTIONS, can, type Action } from './policies.ts'
import { ANONYMOUS, type Principal } from './principal.ts'

// The policy matrix, generated from the route registries (apiRoutes and pageRoutes, the very
// lists the app mounts): every route × every kind of actor, through the real app on a real
// database. Each actor is refused exactly where the route's policy says so, and let through
// everywhere else. A route added without a policy, or a page mounted outside PAGES, fails here.

const db = useTestDatabase()
let app: TestApp

const config = loadConfig({ ...process.env, BASE_URL: 'http://localhost', DATABASE_URL: undefined })
const STORE_PATH = '/s/fashionhub'

/** One actor of each kind: who they are to the policies, and how they prove it over HTTP. */
type Actor = {
  name: string
  principal: Principal
  /** A web account: each request gets a fresh session of it (a logout ends only that one). */
  session?: { audience: Audience; account: AccountRef }
  /** A bearer credential for the API. */
  bearer?: string
}

const actors: Actor[] = []
/** The anonymous form token (signed double-submit cookie) for pages without a session. */
let anonymousCsrf: { cookie: string; token: string }

const sessionFor = (account: AccountRef) => ({ audience: account.audience, account })

/** A new session of the account: its cookie value and its CSRF token. */
const signIn = async (account: AccountRef) => {
  const session = await createSession(db.knex, {
    account,
    timeouts: webAuthSettings(config).timeouts[account.audience],
  })
  return { token: session.token, csrf: session.csrfToken }
}

const merchantUser = async (name: string, role: 'owner' | 'manager', storeIds?: string[]) => {
  const user = await createMerchantUser(db.knex, {
    merchantId: DEMO.fashion.merchantId,
    email: `${name}@matrix.test`,
    name,
    role,
    storeIds,
  })
  return {
    name,
    principal: {
      kind: 'merchant_user',
      id: user.id,
      merchantId: DEMO.fashion.merchantId,
      role,
      storeIds: storeIds ?? null,
    },
    session: sessionFor({
      audience: 'merchant',
      id: user.id,
      merchantId: DEMO.fashion.merchantId,
    }),
  } satisfies Actor
}

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
  const f = DEMO.fashion
  const customer = await db
    .knex('customers')
    .where({ merchant_id: f.merchantId })
    .first<{ id: string }>('id')
  const pairing = await createKioskPairing(db.knex, {
    merchantId: f.merchantId,
    storeCode: 'FASHIONHUB',
    name: 'Matrix till',
    baseUrl: 'http://localhost',
    actor: systemActor(f.merchantId, 'test'),
  })
  const paired = await app.request('POST', '/api/v1/kiosk/pair', {
    body: { code: pairing.code, app_version: '1.0.0' },
  })
  const key = await createApiKey(db.knex, {
    merchantId: f.merchantId,
    name: 'matrix',
    actor: systemActor(f.merchantId, 'test'),
  })
  actors.push(
    { name: 'anonymous', principal: ANONYMOUS },
    {
      name: 'customer',
      principal: { kind: 'customer', id: customer!.id, merchantId: f.merchantId },
      session: sessionFor({
        audience: 'customer',
        id: customer!.id,
        merchantId: f.merchantId,
      }),
    },
    await merchantUser('owner', 'owner'),
    await merchantUser('manager', 'manager'),
    await merchantUser('store-manager', 'manager', [f.outletStoreId]),
    {
      name: 'admin',
      principal: { kind: 'admin', id: DEMO.platformAdminId },
      session: sessionFor({ audience: 'admin', id: DEMO.platformAdminId }),
    },
    {
      name: 'kiosk',
      principal: {
        kind: 'kiosk',
        id: paired.body.data.kiosk_id,
        merchantId: f.merchantId,
        storeId: f.hubStoreId,
      },
      bearer: paired.body.data.credential,
    },
    {
      name: 'api key',
      principal: { kind: 'api_key', id: key.id, merchantId: f.merchantId },
      bearer: key.token,
    },
  )
  // A visitor's form token, as the login page hands it out.
  const login = await fetch(`${app.url}/merchant/login`)
  const cookie = login.headers.getSetCookie().find((line) => line.startsWith('rf_csrf='))!
  anonymousCsrf = {
    cookie: cookie.split(';')[0]!,
    token: /name="_csrf" value="([^"]+)"/.exec(await login.text())![1]!,
  }
})
afterAll(() => app.close())

/** Fills a pattern's `:name` parameters with values of the right shape. */
const fill = (pattern: string) =>
  pattern.replace(/:([A-Za-z_]+)/g, (_match, name: string) =>
    name === 'number'
      ? '0000000000'
      : name === 'code'
        ? 'enrollment'
        : name === 'language'
          ? 'en'
          : name === 'id'
            ? '00000000-0000-4000-8000-000000000000'
            : 'x'.repeat(43),
  )

const AUDIENCE_OF: Record<Surface, Audience> = {
  storefront: 'customer',
  merchant: 'merchant',
  admin: 'admin',
}

/** A page request as a browser of this actor would send it (its cookie only where it goes). */
const requestPage = async (actor: Actor, route: PageRoute) => {
  const { surface, pattern } = PAGES[route.page]
  const path = (surface === 'storefront' ? STORE_PATH : '') + fill(pattern)
  const audience = AUDIENCE_OF[surface]
  const own = actor.session?.audience === audience ? await signIn(actor.session.account) : null
  const cookies = [anonymousCsrf.cookie]
  if (own) cookies.push(`${SESSION_COOKIES[audience]}=${own.token}`)
  const response = await fetch(`${app.url}${path}`, {
    method: route.method.toUpperCase(),
    redirect: 'manual',
    headers: {
      // A JSON client: a refusal is 401/403 with its code instead of a redirect to the login.
      accept: 'application/json',
      cookie: cookies.join('; '),
      ...(actor.bearer ? { authorization: `Bearer ${actor.bearer}` } : {}),
      ...(route.method === 'post'
        ? {
            origin: app.url,
            'content-type': 'application/x-www-form-urlencoded',
          }
        : {}),
    },
    body:
      route.method === 'post'
        ? new URLSearchParams({ _csrf: own?.csrf ?? anonymousCsrf.token }).toString()
        : undefined,
  })
  return { status: response.status, text: await response.text() }
}

const requestApi = async (actor: Actor, route: ApiRoute) => {
  const response = await app.request(route.method.toUpperCase(), `/api/v1${fill(route.path)}`, {
    token: actor.bearer,
    body: route.method === 'get' ? undefined : {},
  })
  return { status: response.status, text: JSON.stringify(response.body) }
}

/**
 * Who the actor is to a door: the API knows bearer credentials only; a page knows only the
 * session of its own surface (a customer's cookie means nothing on /merchant). Elsewhere the
 * actor is nobody, and the policy decides for nobody.
 */
const seenBy = (actor: Actor, door: 'api' | Surface): Principal => {
  if (door === 'api') return actor.bearer ? actor.principal : ANONYMOUS
  return actor.session?.audience === AUDIENCE_OF[door] ? actor.principal : ANONYMOUS
}

/** Refused by a policy: 401 UNAUTHENTICATED or 403 FORBIDDEN (not a CSRF or validation answer). */
const refusal = (answer: { status: number; text: string }) => {
  const code = /"code":"([A-Z_]+)"/.exec(answer.text)?.[1]
  return (answer.status === 401 || answer.status === 403) &&
    (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN')
    ? code
    : null
}

const pages = () => {
  const { store, platform } = pageRoutes(db.knex, config)
  return [...store, ...platform]
}

describe('the route registries', () => {
  it('give every API route and every page a policy that exists', () => {
    const routes = [...apiRoutes(db.knex, config), ...pages()]
    for (const route of routes) expect(ACTIONS).toContain(route.policy)
  })

  it('mount every page of PAGES, each from its PAGES entry, on the right kind of site', () => {
    const { store, platform } = pageRoutes(db.knex, config)
    const mounted = new Set([...store, ...platform].map((route) => route.page))
    expect([...mounted].sort()).toEqual([...PAGE_NAMES].sort())
    for (const route of store) expect(PAGES[route.page].surface).toBe('storefront')
    for (const route of platform) expect(PAGES[route.page].surface).not.toBe('storefront')
  })

  it('declare each page and method once', () => {
    const keys = pages().map((route) => `${route.method} ${route.page}`)
    expect(new Set(keys).size).toBe(keys.length)
  })
})

describe('the policy matrix', () => {
  it('has an actor of every kind, managers merchant-wide and limited to a store', () => {
    expect(actors.map((actor) => actor.principal.kind).sort()).toEqual([
      'admin',
      'anonymous',
      'api_key',
      'customer',
      'kiosk',
      'merchant_user',
      'merchant_user',
      'merchant_user',
    ])
  })

  /**
   * Every route × every actor: what the door answers against what the policy says of the
   * actor as the door sees them. A wrong answer is listed, so one run shows them all.
   */
  const walk = async <R extends { method: string; policy: Action }>(
    routes: R[],
    door: (route: R) => 'api' | Surface,
    name: (route: R) => string,
    send: (actor: Actor, route: R) => Promise<{ status: number; text: string }>,
  ) => {
    const wrong: string[] = []
    for (const route of routes) {
      for (const actor of actors) {
        const answer = await send(actor, route)
        const principal = seenBy(actor, door(route))
        const allowed = can(principal, route.policy)
        const refused = refusal(answer)
        const expected = principal.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN'
        const where = `${route.method} ${name(route)} (${route.policy}) as ${actor.name}`
        if (allowed && (refused !== null || answer.status >= 500))
          wrong.push(`${where}: allowed, got ${answer.status} ${answer.text.slice(0, 80)}`)
        if (!allowed && refused !== expected)
          wrong.push(`${where}: refused, got ${answer.status} ${answer.text.slice(0, 80)}`)
      }
    }
    return wrong
  }

  it('refuses and lets through every page exactly as its policy says, for every actor', async () => {
    const wrong = await walk(
      pages(),
      (route) => PAGES[route.page].surface,
      (route) => route.page,
      requestPage,
    )
    expect(wrong).toEqual([])
    // Every page × eight actors, each with a fresh session: grows with each page (≈ 15 s alone).
  }, 60_000)

  it('refuses and lets through every API route exactly as its policy says, for every actor', async () => {
    const wrong = await walk(
      apiRoutes(db.knex, config),
      () => 'api',
      (route) => route.path,
      requestApi,
    )
    expect(wrong).toEqual([])
  })
})
