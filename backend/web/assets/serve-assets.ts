import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants as zlib, gzip } from 'node:zlib'
import type { Middleware } from 'koa'
import Negotiator from 'negotiator'
import { AppError } from '../../errors.ts'
import { WEB_DIST_DIR } from './asset-manifest.ts'
import { ASSETS_FOLDER } from './web-build-config.ts'

/** Every served name carries a content hash: a name never points at other bytes. */
export const IMMUTABLE = 'public, max-age=31536000, immutable'

export type ContentEncoding = 'br' | 'gzip' | 'identity'

const TYPES: Record<string, { type: string; compress: boolean }> = {
  '.js': { type: 'text/javascript; charset=utf-8', compress: true },
  '.mjs': { type: 'text/javascript; charset=utf-8', compress: true },
  '.css': { type: 'text/css; charset=utf-8', compress: true },
  '.map': { type: 'application/json; charset=utf-8', compress: true },
  '.json': { type: 'application/json; charset=utf-8', compress: true },
  '.svg': { type: 'image/svg+xml', compress: true },
  '.txt': { type: 'text/plain; charset=utf-8', compress: true },
  '.ico': { type: 'image/x-icon', compress: true },
  '.png': { type: 'image/png', compress: false },
  '.jpg': { type: 'image/jpeg', compress: false },
  '.jpeg': { type: 'image/jpeg', compress: false },
  '.gif': { type: 'image/gif', compress: false },
  '.webp': { type: 'image/webp', compress: false },
  '.avif': { type: 'image/avif', compress: false },
  '.woff': { type: 'font/woff', compress: false },
  '.woff2': { type: 'font/woff2', compress: false },
}
const BINARY = { type: 'application/octet-stream', compress: false }

/** The Content-Type of a built file, by its extension. */
export const contentTypeFor = (fileName: string): string =>
  (TYPES[path.extname(fileName).toLowerCase()] ?? BINARY).type

/**
 * The encoding to answer with, from an Accept-Encoding header and the encodings prepared for the
 * file: the highest q-value wins, brotli before gzip on a tie (browsers send `gzip, deflate, br`
 * and mean any of them), identity when nothing else is acceptable (a client that refuses
 * identity as well still gets readable bytes). Negotiator parses the header; Koa's
 * `ctx.acceptsEncodings` (negotiator 0.6) would break that tie by the header's order.
 */
export const chooseEncoding = (
  acceptEncoding: string | undefined,
  available: readonly Exclude<ContentEncoding, 'identity'>[],
): ContentEncoding => {
  const [best] = new Negotiator({ headers: { 'accept-encoding': acceptEncoding } }).encodings(
    available,
    { preferred: ['br', 'gzip'] },
  )
  return best === 'br' || best === 'gzip' ? best : 'identity'
}

type Prepared = {
  type: string
  compressible: boolean
  hash: string
  bodies: Partial<Record<ContentEncoding, Buffer>>
}

const compressBrotli = promisify(brotliCompress)
const compressGzip = promisify(gzip)

const prepare = async (file: string): Promise<Prepared | null> => {
  let raw: Buffer
  try {
    raw = await readFile(file)
  } catch {
    return null
  }
  const { type, compress } = TYPES[path.extname(file).toLowerCase()] ?? BINARY
  const bodies: Prepared['bodies'] = { identity: raw }
  if (compress) {
    const [br, gz] = await Promise.all([
      compressBrotli(raw, {
        params: {
          [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
          [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
          [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length,
        },
      }),
      compressGzip(raw, { level: zlib.Z_BEST_COMPRESSION }),
    ])
    // A tiny file can grow when compressed; then it is only sent as is.
    if (br.length < raw.length) bodies.br = br
    if (gz.length < raw.length) bodies.gzip = gz
  }
  return {
    type,
    compressible: compress,
    hash: createHash('sha256').update(raw).digest('base64url').slice(0, 27),
    bodies,
  }
}

// A hashed file name: letters, digits, dot, dash, underscore; no separator, no leading dot.
const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/

const fileNameOf = (encoded: string): string | null => {
  let name: string
  try {
    name = decodeURIComponent(encoded)
  } catch {
    return null
  }
  return FILE_NAME.test(name) && !name.includes('..') ? name : null
}

export type ServeAssetsOptions = {
  /** The folder of built files (dist/web/assets). */
  dir?: string
  /** The URL prefix they are served under. */
  prefix?: string
}

/**
 * Serves the built page assets under /assets/: immutable caching (names carry content hashes),
 * strong ETags, brotli or gzip by Accept-Encoding — compressed once per file and kept in memory,
 * so every later request is a lookup. Anything that is not a file of that folder is a 404: no
 * directory listing, no path outside it, whatever the encoding of the path.
 */
export const serveAssets = ({
  dir = path.join(WEB_DIST_DIR, ASSETS_FOLDER),
  prefix = `/${ASSETS_FOLDER}/`,
}: ServeAssetsOptions = {}): Middleware => {
  const root = path.resolve(dir)
  const prepared = new Map<string, Promise<Prepared | null>>()

  const lookup = (name: string) => {
    let pending = prepared.get(name)
    if (!pending) {
      pending = prepare(path.join(root, name))
      prepared.set(name, pending)
      // A missing file is not remembered: a build may add it.
      void pending.then((found) => found || prepared.delete(name))
    }
    return pending
  }

  return async (ctx, next) => {
    if (!ctx.path.startsWith(prefix)) return next()
    const name = fileNameOf(ctx.path.slice(prefix.length))
    const file = name ? path.join(root, name) : null
    if (!name || !file || path.dirname(file) !== root) throw new AppError('NOT_FOUND')
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') throw new AppError('NOT_FOUND')
    const asset = await lookup(name)
    if (!asset) throw new AppError('NOT_FOUND')

    const available = (['br', 'gzip'] as const).filter((e) => asset.bodies[e])
    const encoding = asset.compressible
      ? chooseEncoding(ctx.get('Accept-Encoding'), available)
      : 'identity'
    const body = asset.bodies[encoding] ?? asset.bodies.identity
    ctx.status = 200
    ctx.set('Cache-Control', IMMUTABLE)
    ctx.set('X-Content-Type-Options', 'nosniff')
    if (asset.compressible) ctx.vary('Accept-Encoding')
    // Each encoding is its own representation, so it has its own strong ETag.
    ctx.set('ETag', `"${asset.hash}${encoding === 'identity' ? '' : `-${encoding}`}"`)
    if (ctx.fresh) {
      ctx.status = 304
      return
    }
    if (encoding !== 'identity') ctx.set('Content-Encoding', encoding)
    ctx.type = asset.type
    ctx.body = body
  }
}
