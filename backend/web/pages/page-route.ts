import type Router from '@koa/router'
import type { Middleware } from 'koa'
import { authorize, can, type Action } from '../../policies/policies.ts'
import { ANONYMOUS, type Principal } from '../../policies/principal.ts'
import { requireSession } from '../sessions/require-session.ts'
import { PAGES, type PageName, type PageParams, type Surface } from '../site/pages.ts'
import type { SiteAppState } from '../site/site-context.ts'
import { loginUrlOf } from './login-url.ts'
import type { PageCtx } from './page.tsx'

/**
 * One page of the storefront, merchant or admin surface, for one method: its name in PAGES
 * (the path comes from there, never a literal), the action its visitors must be allowed
 * (backend/policies), and its handler. Surfaces export lists of them; the app mounts the lists
 * (mountPages) and the policy matrix test walks the same lists.
 */
export type PageRoute<N extends PageName = PageName> = {
  page: N
  method: 'get' | 'post'
  policy: Action
  /** `params`: the page pattern's `:name` parameters, as the router decoded them. */
  handle: (ctx: PageCtx, params: PageParams<N>) => unknown
}

/** Keeps the page's parameter types attached to its handler. */
export const definePage = <N extends PageName>(route: PageRoute<N>): PageRoute =>
  route as unknown as PageRoute

/**
 * The principal of a page request: the session of the page's surface (a customer on a
 * storefront, a merchant user on /merchant, an admin on /admin), else nobody.
 */
export const pagePrincipal = (ctx: PageCtx, surface: Surface): Principal => {
  const { customer, merchantUser, admin } = ctx.state
  if (surface === 'storefront')
    return customer
      ? { kind: 'customer', id: customer.id, merchantId: customer.merchantId }
      : ANONYMOUS
  if (surface === 'merchant')
    return merchantUser
      ? {
          kind: 'merchant_user',
          id: merchantUser.id,
          merchantId: merchantUser.merchantId,
          role: merchantUser.role,
          storeIds: merchantUser.storeIds,
        }
      : ANONYMOUS
  return admin ? { kind: 'admin', id: admin.id } : ANONYMOUS
}

/**
 * Asks the page's policy before its handler: nobody on a page that needs an account goes to
 * the surface's login page (and back after, `?next=`); someone who may not is FORBIDDEN.
 * Pages behind an account are never cached (after logout, Back shows nothing).
 */
const pageGate = (route: PageRoute): Middleware<SiteAppState> => {
  const surface = PAGES[route.page].surface
  const signIn = requireSession(
    surface === 'storefront' ? 'customer' : surface,
    loginUrlOf(surface),
  ) as Middleware<SiteAppState>
  const open = can(ANONYMOUS, route.policy)
  return async (ctx, next) => {
    const principal = pagePrincipal(ctx, surface)
    ctx.state.principal = principal
    if (open) return next()
    if (principal.kind === 'anonymous') return signIn(ctx, next)
    authorize(principal, route.policy)
    ctx.set('Cache-Control', 'no-store')
    return next()
  }
}

/** Mounts page routes on a router at their PAGES paths, each behind its policy. */
export const mountPages = (router: Router<SiteAppState>, routes: PageRoute[]) => {
  for (const route of routes)
    router[route.method](PAGES[route.page].pattern, pageGate(route), (ctx) =>
      route.handle(ctx, { ...ctx.params } as PageParams<PageName>),
    )
  return router
}

type PageHandler<N extends PageName> = PageRoute<N>['handle']

/**
 * Collects a surface's page routes in the shape of a router — `pages.get('join', 'site.visit',
 * handler)` — by page name and policy instead of path and middleware.
 */
export const pageList = () => {
  const routes: PageRoute[] = []
  const add =
    (method: PageRoute['method']) =>
    <N extends PageName>(page: N, policy: Action, handle: PageHandler<N>) => {
      routes.push(definePage({ page, method, policy, handle }))
    }
  return { routes, get: add('get'), post: add('post') }
}
