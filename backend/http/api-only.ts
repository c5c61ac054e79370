import type Router from '@koa/router'
import type { Middleware } from 'koa'
import { AppError } from '../errors.ts'
import type { AppState } from './state.ts'

const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/')

/**
 * The JSON API owns every path under /api: its router answers, and what it does not have is
 * the API's own JSON error — 405 METHOD_NOT_ALLOWED with `Allow` for a path it has with another
 * method (also for methods no router knows, which @koa/router answers 501), NOT_FOUND for any
 * other path and method. Nothing under /api falls through to the pages (whose CSRF check would
 * answer an unknown PUT or DELETE with CSRF_TOKEN_INVALID).
 */
export const apiOnly = (router: Router<AppState>): Middleware<AppState> => {
  // The router's middleware, as plain Koa middleware (they add the router's context themselves).
  const routes = router.routes() as unknown as Middleware<AppState>
  const allowedMethods = router.allowedMethods() as unknown as Middleware<AppState>
  return async (ctx, next) => {
    if (!isApiPath(ctx.path)) return next()
    await routes(ctx, () => allowedMethods(ctx, async () => undefined))
    if (ctx.status === 405 || ctx.status === 501) {
      const allow = ctx.response.get('Allow')
      throw new AppError('METHOD_NOT_ALLOWED', {
        allow: allow ? allow.split(/,\s*/).filter(Boolean) : [],
      })
    }
    if (ctx.status === 404 && ctx.body === undefined) throw new AppError('NOT_FOUND')
  }
}
