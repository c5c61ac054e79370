import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request, type Server } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import Koa from 'koa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorHandler } from '../../http/error-handler.ts'
import { requestContext } from '../../http/request-context.ts'
import type { AppState } from '../../http/state.ts'
import { createLogger } from '../../logger.ts'
import { chooseEncoding, IMMUTABLE, serveAssets } from './serve-assets.ts'

type Answer = {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

let dir: string
let server: Server
let port: number

const CSS = `.button{color:red}\n`.repeat(400)
const SECRET = 'SECRET-OUTSIDE-THE-ASSETS-FOLDER'

/** node:http sends the path exactly as written: fetch() would normalize ../ away. */
const get = (rawPath: string, headers: Record<string, string> = {}, method = 'GET') =>
  new Promise<Answer>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      )
    })
    req.on('error', reject)
    req.end()
  })

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'rewardflow-serve-'))
  const assets = path.join(dir, 'web', 'assets')
  mkdirSync(path.join(assets, 'nested'), { recursive: true })
  writeFileSync(path.join(assets, 'storefront-AbCd1234.css'), CSS)
  writeFileSync(path.join(assets, 'storefront-EfGh5678.js'), 'import"./enhance-x.js";')
  writeFileSync(path.join(assets, 'logo-IjKl9012.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]))
  writeFileSync(path.join(assets, '.hidden'), SECRET)
  writeFileSync(path.join(assets, 'nested', 'inner-MnOp3456.css'), SECRET)
  writeFileSync(path.join(dir, 'web', 'package.json'), SECRET)
  writeFileSync(path.join(dir, 'package.json'), SECRET)

  const app = new Koa<AppState>()
  app.silent = true
  app.use(requestContext(createLogger('silent')))
  app.use(errorHandler())
  app.use(serveAssets({ dir: assets }))
  app.use((ctx) => {
    ctx.body = 'the rest of the app'
  })
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const address = server.address()
  port = typeof address === 'object' && address ? address.port : 0
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  rmSync(dir, { recursive: true, force: true })
})

describe('serving /assets/*', () => {
  it('answers a built file with its content type, a strong ETag and an immutable cache policy', async () => {
    const css = await get('/assets/storefront-AbCd1234.css')
    expect(css.status).toBe(200)
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8')
    expect(css.headers['cache-control']).toBe(IMMUTABLE)
    expect(css.headers['x-content-type-options']).toBe('nosniff')
    expect(css.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/)
    expect(css.headers['content-encoding']).toBeUndefined()
    expect(css.headers.vary).toBe('Accept-Encoding')
    expect(css.body.toString()).toBe(CSS)

    const js = await get('/assets/storefront-EfGh5678.js')
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
    const png = await get('/assets/logo-IjKl9012.png', { 'accept-encoding': 'br, gzip' })
    expect(png.headers['content-type']).toBe('image/png')
    expect(png.headers['content-encoding']).toBeUndefined()
  })

  it('sends brotli or gzip as the client accepts, each with its own ETag', async () => {
    const br = await get('/assets/storefront-AbCd1234.css', {
      'accept-encoding': 'gzip, deflate, br',
    })
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toBe('Accept-Encoding')
    expect(br.body.length).toBeLessThan(CSS.length / 10)
    expect(brotliDecompressSync(br.body).toString()).toBe(CSS)

    const gzip = await get('/assets/storefront-AbCd1234.css', { 'accept-encoding': 'gzip' })
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gzip.body).toString()).toBe(CSS)

    const refused = await get('/assets/storefront-AbCd1234.css', {
      'accept-encoding': 'br;q=0, gzip;q=0.5',
    })
    expect(refused.headers['content-encoding']).toBe('gzip')

    const plain = await get('/assets/storefront-AbCd1234.css', { 'accept-encoding': 'identity' })
    expect(new Set([br.headers.etag, gzip.headers.etag, plain.headers.etag]).size).toBe(3)
  })

  it('keeps a file too small to gain from compression as it is', async () => {
    const js = await get('/assets/storefront-EfGh5678.js', { 'accept-encoding': 'br, gzip' })
    expect(js.headers['content-encoding']).toBeUndefined()
    expect(js.body.toString()).toBe('import"./enhance-x.js";')
  })

  it('answers 304 to a revalidation with the current ETag, and HEAD without a body', async () => {
    const first = await get('/assets/storefront-AbCd1234.css', { 'accept-encoding': 'br' })
    const again = await get('/assets/storefront-AbCd1234.css', {
      'accept-encoding': 'br',
      'if-none-match': String(first.headers.etag),
    })
    expect(again.status).toBe(304)
    expect(again.body.length).toBe(0)

    const head = await get('/assets/storefront-AbCd1234.css', {}, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.headers['content-length']).toBe(String(CSS.length))
    expect(head.body.length).toBe(0)
  })

  it('answers 404 for files that do not exist and for what is not a file of the folder', async () => {
    for (const p of [
      '/assets/storefront-ZZZZZZZZ.css',
      '/assets/',
      '/assets/nested',
      '/assets/nested/inner-MnOp3456.css',
      '/assets/nested%2finner-MnOp3456.css',
      '/assets/.hidden',
      '/assets/%2ehidden',
    ]) {
      const answer = await get(p, { accept: 'text/html' })
      expect(answer.status, p).toBe(404)
      expect(answer.body.toString(), p).not.toContain(SECRET)
      expect(answer.headers['cache-control'], p).not.toBe(IMMUTABLE)
    }
  })

  it('refuses every spelling of a path out of the folder', async () => {
    for (const p of [
      '/assets/../package.json',
      '/assets/../../package.json',
      '/assets/..%2fpackage.json',
      '/assets/..%2Fpackage.json',
      '/assets/%2e%2e/package.json',
      '/assets/%2e%2e%2fpackage.json',
      '/assets/%2E%2E%2F%2E%2E%2Fpackage.json',
      '/assets/%252e%252e%252fpackage.json',
      '/assets/..%5cpackage.json',
      '/assets/..\\package.json',
      '/assets/%c0%ae%c0%ae%2fpackage.json',
      '/assets/%2fetc%2fpasswd',
      '/assets/storefront-AbCd1234.css%00.png',
      '/assets/%',
    ]) {
      const answer = await get(p)
      expect(answer.status, p).toBe(404)
      expect(answer.body.toString(), p).not.toContain(SECRET)
    }
  })

  it('answers only GET and HEAD, and leaves other paths to the rest of the app', async () => {
    expect((await get('/assets/storefront-AbCd1234.css', {}, 'POST')).status).toBe(404)
    const other = await get('/assetsfoo')
    expect(other.body.toString()).toBe('the rest of the app')
  })
})

describe('chooseEncoding', () => {
  const both = ['br', 'gzip'] as const
  it('prefers brotli, then gzip, and honours q-values and *', () => {
    expect(chooseEncoding('gzip, deflate, br', both)).toBe('br')
    expect(chooseEncoding('gzip', both)).toBe('gzip')
    expect(chooseEncoding('br;q=0.5, gzip;q=0.8', both)).toBe('gzip')
    expect(chooseEncoding('br;q=0, *', both)).toBe('gzip')
    expect(chooseEncoding('*', both)).toBe('br')
    expect(chooseEncoding('GZIP;Q=1', both)).toBe('gzip')
  })

  it('falls back to identity when nothing prepared is acceptable', () => {
    expect(chooseEncoding(undefined, both)).toBe('identity')
    expect(chooseEncoding('', both)).toBe('identity')
    expect(chooseEncoding('deflate', both)).toBe('identity')
    expect(chooseEncoding('br, gzip', [])).toBe('identity')
    expect(chooseEncoding('br', ['gzip'])).toBe('identity')
    expect(chooseEncoding('gzip;q=0, br;q=0', both)).toBe('identity')
  })
})
