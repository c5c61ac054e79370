import { brotliCompress, gzip, constants } from 'node:zlib'
import { promisify } from 'node:util'
import type { Middleware } from 'koa'
import { chooseEncoding } from './serve-assets.ts'

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)
const MIN_BYTES = 1_024

/**
 * Compresses HTML and JSON string bodies (pages, error pages) with brotli or gzip as the browser
 * accepts. Brotli at quality 5: most of the gain of 11 for a fraction of the CPU on a page
 * rendered per request. Assets are compressed once at build time instead (serve-assets.ts).
 */
export const compressPages = (): Middleware => async (ctx, next) => {
  await next()
  const body = ctx.body
  if (typeof body !== 'string' || ctx.response.get('Content-Encoding')) return
  if (!ctx.response.is('html') && !ctx.response.is('json')) return
  ctx.vary('Accept-Encoding')
  if (Buffer.byteLength(body) < MIN_BYTES) return
  const encoding = chooseEncoding(ctx.get('Accept-Encoding'), ['br', 'gzip'])
  if (encoding === 'identity') return
  const type = ctx.type
  ctx.body =
    encoding === 'br'
      ? await brotli(body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 5,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          },
        })
      : await gzipAsync(body, { level: 6 })
  ctx.type = type
  ctx.set('Content-Encoding', encoding)
}
