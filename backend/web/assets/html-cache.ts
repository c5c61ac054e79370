import type { Middleware } from 'koa'

/**
 * HTML answers get `Cache-Control: no-cache` unless a route chose another policy: a browser or
 * proxy may keep a page but must ask before reusing it, so a page never points at scripts of an
 * older deploy. Mount it before the error handler, so error pages get it too.
 */
export const htmlNoCache = (): Middleware => async (ctx, next) => {
  await next()
  if (!ctx.response.get('Cache-Control') && ctx.response.is('html')) {
    ctx.set('Cache-Control', 'no-cache')
  }
}
