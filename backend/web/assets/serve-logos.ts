import type { Knex } from 'knex'
import type { Middleware } from 'koa'
import { AppError } from '../../errors.ts'
import { findStoreLogo } from '../../tenancy/queries/merchant-stores.ts'
import { LOGO_PREFIX, parseLogoFileName } from '../../tenancy/store-logo.ts'
import { IMMUTABLE } from './serve-assets.ts'

/**
 * An SVG opened on its own is a document: no script, no fetch, no form, no plugin, sandboxed.
 * Inline styles stay (SVG exports use them); an <img> never runs script anyway.
 */
export const LOGO_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"

type Logo = { contentType: string; bytes: Buffer }

/**
 * Logos kept in memory per process, up to this many bytes in all (a logo is at most 1 MB): a
 * hash names the same bytes for ever, so none goes stale.
 */
const MAX_CACHED_BYTES = 16 * 1024 * 1024

/**
 * Serves store logos from PostgreSQL (`store_logos`, by SHA-256) at `/media/logos/<sha256>.<ext>`
 * on every host (platform, subdomains, custom domains, and so in emails): cached for good
 * (the name is the content's hash), with its own Content-Type, `nosniff` and a CSP that keeps
 * an SVG inert. Any other name, or an extension that does not match the stored type, is a 404.
 */
export const serveLogos = (db: Knex): Middleware => {
  const cache = new Map<string, Promise<Logo | null>>()
  let cachedBytes = 0
  const load = (sha256: string) => {
    let pending = cache.get(sha256)
    if (!pending) {
      pending = findStoreLogo(db, sha256).then((row) => {
        if (!row) return null
        cachedBytes += row.bytes.length
        // Past the budget, start again (this logo too is then loaded again next time).
        if (cachedBytes > MAX_CACHED_BYTES) {
          cache.clear()
          cachedBytes = 0
        }
        return { contentType: row.content_type, bytes: row.bytes }
      })
      cache.set(sha256, pending)
      // A missing or failed lookup is not remembered: the logo may be saved a moment later.
      void pending.then(
        (found) => found || cache.delete(sha256),
        () => cache.delete(sha256),
      )
    }
    return pending
  }

  return async (ctx, next) => {
    if (!ctx.path.startsWith(LOGO_PREFIX)) return next()
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') throw new AppError('NOT_FOUND')
    const name = parseLogoFileName(ctx.path.slice(LOGO_PREFIX.length))
    if (!name) throw new AppError('NOT_FOUND')
    const logo = await load(name.sha256)
    if (!logo || logo.contentType !== name.contentType) throw new AppError('NOT_FOUND')
    ctx.status = 200
    ctx.set('Cache-Control', IMMUTABLE)
    ctx.set('X-Content-Type-Options', 'nosniff')
    ctx.set('Content-Security-Policy', LOGO_CSP)
    ctx.set('ETag', `"${name.sha256}"`)
    if (ctx.fresh) {
      ctx.status = 304
      return
    }
    ctx.type = logo.contentType
    ctx.body = logo.bytes
  }
}
