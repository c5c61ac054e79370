import http from 'node:http'
import type { AddressInfo } from 'node:net'
import Koa from 'koa'
import Router from '@koa/router'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../../test/test-database.ts'
import { createLogger } from '../../logger.ts'
import { requestContext } from '../../http/request-context.ts'
import { errorHandler } from '../../http/error-handler.ts'
import type { AppState } from '../../http/state.ts'
import { mountSite, siteContext, type SiteAppState } from './site-context.ts'
import { buildStore } from '../../test/test-stores.ts'

const db = useTestDatabase()
let server: http.Server
let port: number

beforeAll(async () => {
  await buildStore(db.knex, {
    code: 'FASHIONHUB',
    subdomain: 'fashionhub',
    customDomain: 'fashionhub.lu',
  })
  await buildStore(db.knex, { code: 'CLOSED', subdomain: 'closed', active: false })

  const storefront = new Router<SiteAppState>()
  storefront.get('/join', (ctx) => {
    ctx.body = {
      routerPath: ctx.path,
      sitePath: ctx.state.sitePath,
      store: ctx.state.site.kind === 'store' ? ctx.state.site.store.code : null,
      hostForm: ctx.state.urls.hostForm,
      account: ctx.state.urls.path('account'),
      card: ctx.state.urls.absolute('card'),
    }
  })
  const merchant = new Router<SiteAppState>()
  merchant.get('/merchant/login', (ctx) => {
    ctx.body = { page: 'merchant login', dashboard: ctx.state.urls.path('merchantDashboard') }
  })

  const app = new Koa<AppState>()
  app.silent = true
  app.use(requestContext(createLogger('silent')))
  app.use(errorHandler())
  app.use(async (ctx, next) => {
    await next()
    ctx.set('x-seen-path', ctx.path)
  })
  app.use(
    siteContext(db.knex, {
      baseUrl: 'http://localhost:3000',
      trustProxy: false,
      hostRouting: false,
    }),
  )
  app.use(mountSite('store', storefront.routes()))
  app.use(mountSite('platform', merchant.routes()))
  server = await new Promise<http.Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  port = (server.address() as AddressInfo).port
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** A GET with the Host header a browser would send (fetch cannot set it). */
const get = (host: string, path: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>(
    (resolve, reject) => {
      const request = http.request(
        { host: '127.0.0.1', port, path, headers: { host, ...headers } },
        (response) => {
          let body = ''
          response.setEncoding('utf8')
          response.on('data', (chunk: string) => (body += chunk))
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body, headers: response.headers }),
          )
        },
      )
      request.on('error', reject)
      request.end()
    },
  )

describe('the site context of a page request', () => {
  it('lets one storefront route answer /join on the path form', async () => {
    const response = await get(`localhost:${port}`, '/s/FashionHub/join?ref=qr')
    expect(response.status).toBe(200)
    expect(JSON.parse(response.body)).toEqual({
      routerPath: '/join',
      sitePath: '/join',
      store: 'FASHIONHUB',
      hostForm: 'path',
      account: '/s/fashionhub/account',
      card: `http://localhost:${port}/s/fashionhub/account/card`,
    })
    expect(response.headers['x-seen-path']).toBe('/s/FashionHub/join')
  })

  it('lets the same route answer /join on a store subdomain, without a prefix', async () => {
    const response = await get(`fashionhub.localhost:${port}`, '/join')
    expect(JSON.parse(response.body)).toMatchObject({
      routerPath: '/join',
      hostForm: 'subdomain',
      account: '/account',
      card: `http://fashionhub.localhost:${port}/account/card`,
    })
  })

  it('serves merchant pages on the platform host only', async () => {
    const platform = await get(`localhost:${port}`, '/merchant/login')
    expect(JSON.parse(platform.body)).toEqual({ page: 'merchant login', dashboard: '/merchant' })
    expect((await get(`fashionhub.localhost:${port}`, '/merchant/login')).status).toBe(404)
    expect((await get(`localhost:${port}`, '/join')).status).toBe(404)
  })

  it('answers a localized 404 page for an unknown store', async () => {
    const response = await get(`localhost:${port}`, '/s/nope/join', {
      'accept-language': 'fr',
      accept: 'text/html',
    })
    expect(response.status).toBe(404)
    expect(response.headers['content-type']).toMatch(/text\/html/)
    expect(response.body).toContain('Magasin introuvable.')
    const json = await get(`nope.localhost:${port}`, '/join', { accept: 'application/json' })
    expect(JSON.parse(json.body).error.code).toBe('STORE_NOT_FOUND')
  })

  it('answers a localized "store closed" page for a closed store, in every host form', async () => {
    for (const [host, path] of [
      [`closed.localhost:${port}`, '/join'],
      [`localhost:${port}`, '/s/closed/join'],
    ] as const) {
      const response = await get(host, path, { 'accept-language': 'fr', accept: 'text/html' })
      expect(response.status, `${host}${path}`).toBe(409)
      expect(response.headers['content-type']).toMatch(/text\/html/)
      expect(response.body).toContain('Ce magasin est fermé.')
    }
    const json = await get(`closed.localhost:${port}`, '/join', { accept: 'application/json' })
    expect(JSON.parse(json.body).error.code).toBe('STORE_CLOSED')
  })
})
