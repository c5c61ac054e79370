import type { Server } from 'node:http'
import Koa from 'koa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { htmlNoCache } from './html-cache.ts'

let server: Server
let url: string

beforeAll(async () => {
  const app = new Koa()
  app.use(htmlNoCache())
  app.use((ctx) => {
    if (ctx.path === '/page') ctx.body = '<!doctype html><p>hello</p>'
    else if (ctx.path === '/private') {
      ctx.set('Cache-Control', 'no-store')
      ctx.body = '<!doctype html><p>yours only</p>'
    } else if (ctx.path === '/json') ctx.body = { ok: true }
  })
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const address = server.address()
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})
afterAll(() => new Promise((resolve) => server.close(resolve)))

describe('htmlNoCache', () => {
  it('makes browsers revalidate every HTML page', async () => {
    const page = await fetch(`${url}/page`)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(page.headers.get('cache-control')).toBe('no-cache')
  })

  it('keeps the policy a route chose, and leaves other content alone', async () => {
    expect((await fetch(`${url}/private`)).headers.get('cache-control')).toBe('no-store')
    expect((await fetch(`${url}/json`)).headers.get('cache-control')).toBeNull()
  })
})
