import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import http, { type Server } from 'node:http'
import Koa from 'koa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compressPages } from './compress-pages.ts'

let server: Server
let url: string
const page = `<!doctype html><html lang="fr"><body>${'<p>Fidélité à FashionHub</p>'.repeat(200)}</body></html>`

beforeAll(async () => {
  const app = new Koa()
  app.use(compressPages())
  app.use((ctx, next) => {
    if (!ctx.path.startsWith('/json')) return next()
    // An API answer as a route builds it: an object (a kiosk's first sync is megabytes of it).
    const cards = ctx.path === '/json-big' ? 1_000 : 2
    ctx.body = {
      data: Array.from({ length: cards }, (_, i) => ({ number: `1000${i}`, name: 'Léa' })),
    }
  })
  app.use((ctx) => {
    ctx.type = ctx.path === '/small' ? 'text/html' : ctx.path === '/css' ? 'text/css' : 'text/html'
    ctx.body = ctx.path === '/small' ? '<p>hi</p>' : page
  })
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const address = server.address()
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** The response as sent, bytes not decompressed (fetch would decompress them). */
const raw = (path: string, acceptEncoding: string) =>
  new Promise<{ headers: http.IncomingHttpHeaders; bytes: Buffer }>((resolve, reject) => {
    http
      .get(`${url}${path}`, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ headers: res.headers, bytes: Buffer.concat(chunks) }))
      })
      .on('error', reject)
  })

describe('page compression', () => {
  it('compresses a large JSON answer built as an object, not a small one', async () => {
    const big = await raw('/json-big', 'gzip')
    expect(big.headers['content-encoding']).toBe('gzip')
    expect(big.headers['content-type']).toContain('application/json')
    const data = JSON.parse(gunzipSync(big.bytes).toString('utf8')).data
    expect(data).toHaveLength(1_000)
    expect(data[999]).toEqual({ number: '1000999', name: 'Léa' })
    const small = await raw('/json-small', 'gzip')
    expect(small.headers['content-encoding']).toBeUndefined()
    expect(JSON.parse(small.bytes.toString('utf8')).data).toHaveLength(2)
    expect((await raw('/json-big', 'identity')).headers['content-encoding']).toBeUndefined()
  })

  it('sends pages with brotli or gzip as accepted, decompressing to the same UTF-8 text', async () => {
    const br = await raw('/', 'gzip, br')
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toContain('Accept-Encoding')
    expect(br.bytes.length).toBeLessThan(Buffer.byteLength(page) / 5)
    const gz = await raw('/', 'gzip')
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.bytes).toString('utf8')).toBe(page)
    expect(brotliDecompressSync(br.bytes).toString('utf8')).toBe(page)
  })

  it("follows the header's q-values, brotli first on a tie (browsers list gzip first)", async () => {
    expect((await raw('/', 'gzip, deflate, br, zstd')).headers['content-encoding']).toBe('br')
    expect((await raw('/', 'br;q=0.2, gzip;q=0.9')).headers['content-encoding']).toBe('gzip')
    expect((await raw('/', 'gzip, *;q=0.5')).headers['content-encoding']).toBe('gzip')
    expect((await raw('/', 'br;q=0, gzip;q=0')).headers['content-encoding']).toBeUndefined()
  })

  it('leaves small pages, other types and clients without compression alone', async () => {
    expect((await raw('/small', 'br')).headers['content-encoding']).toBeUndefined()
    expect((await raw('/css', 'br')).headers['content-encoding']).toBeUndefined()
    expect((await raw('/', 'identity')).headers['content-encoding']).toBeUndefined()
  })
})
