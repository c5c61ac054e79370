import { brotliCompress, gzip, constants } from 'node:zlib'
import { promisify } from 'node:util'
import type { Middleware } from 'koa'
import { chooseEncoding } from './serve-assets.ts'

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)
const MIN_BYTES = 1_024
/**
 * JSON answers built as objects (the API) are compressed from this size: lists and the kiosk's
 * first sync (megabytes), not the small answers whose latency the ledger benchmark watches.
 */
const MIN_OBJECT_BYTES = 16_384

/** A string body as it is; a JSON object body serialized as Koa would; null for anything else. */
const jsonOrText = (body: unknown, json: boolean): string | null => {
  if (typeof body === 'string') return body
  if (
    !json ||
    body === null ||
    body === undefined ||
    typeof body !== 'object' ||
    Buffer.isBuffer(body)
  )
    return null
  if (typeof (body as { pipe?: unknown }).pipe === 'function') return null
  return JSON.stringify(body)
}

/**
 * Compresses HTML and JSON string bodies (pages, error pages), and JSON object bodies of 16 KB
 * and more (API lists, the kiosk's sync), with brotli or gzip as the client accepts. Brotli at
 * quality 5: most of the gain of 11 for a fraction of the CPU on a page rendered per request. Assets are compressed once at build time instead (serve-assets.ts).
 */
export const compressPages = (): Middleware => async (ctx, next) => {
  await next()
  if (ctx.response.get('Content-Encoding')) return
  if (!ctx.response.is('html') && !ctx.response.is('json')) return
  const encoding = chooseEncoding(ctx.get('Accept-Encoding'), ['br', 'gzip'])
  const text = typeof ctx.body === 'string'
  // An object is serialized here only for a client that takes compression (else Koa does it).
  const body = text || encoding !== 'identity' ? jsonOrText(ctx.body, !text) : null
  if (body === null) return
  ctx.vary('Accept-Encoding')
  const type = ctx.type
  if (Buffer.byteLength(body) < (text ? MIN_BYTES : MIN_OBJECT_BYTES)) {
    if (!text) {
      ctx.body = body
      ctx.type = type
    }
    return
  }
  if (encoding === 'identity') return
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
