import type { Middleware } from 'koa'
import { AppError } from '../../errors.ts'
import type { AppContext, AppState } from '../../http/state.ts'
import type { Audience } from '../../accounts/settings.ts'

/**
 * Builds the login page's URL of a surface, carrying `next` (the path to come back to, as the
 * browser requested it; null when there is none). Given by the site's URL builder.
 */
export type LoginUrlBuilder = (ctx: AppContext, next: string | null) => string

const refererPath = (ctx: AppContext): string | null => {
  const referer = ctx.get('referer')
  if (!referer) return null
  try {
    const url = new URL(referer)
    return url.host.toLowerCase() === ctx.host.toLowerCase() ? `${url.pathname}${url.search}` : null
  } catch {
    return null
  }
}

/**
 * Lets a request through only with a live session of `audience` (loaded before by
 * sessionMiddleware). Otherwise a browser is sent (303) to the surface's login page with
 * `next` = the page it asked for (for a form sent after the session ended: the page the form
 * was on), so it comes back after logging in; other clients get 401 UNAUTHENTICATED.
 * Signed-in responses are marked `Cache-Control: no-store`: after logout, Back shows nothing.
 */
export const requireSession =
  (audience: Audience, loginUrl: LoginUrlBuilder): Middleware<AppState> =>
  async (ctx, next) => {
    if (ctx.state.session?.audience === audience) {
      ctx.set('Cache-Control', 'no-store')
      return next()
    }
    const browser = !ctx.path.startsWith('/api/') && ctx.accepts('html', 'json') === 'html'
    if (!browser) throw new AppError('UNAUTHENTICATED')
    const back = ctx.method === 'GET' || ctx.method === 'HEAD' ? ctx.originalUrl : refererPath(ctx)
    ctx.set('Cache-Control', 'no-store')
    ctx.redirect(loginUrl(ctx, back))
    ctx.status = 303
  }
