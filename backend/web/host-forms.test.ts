import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { seedDemoData } from '../seed/demo-seed.ts'

// Every storefront page on each host form a store is reached by — its custom domain, its
// platform subdomain, the /s/<code> path — as a browser gets it: every link, form action and
// redirect keeps the form the visitor used (never a path prefix on the store's own host, never
// a missing one on the path form). docs/lessons.md #10.

const db = useTestDatabase()
let app: TestApp

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())

type Form = { name: string; host: string; prefix: string }
const FORMS: Form[] = [
  { name: 'custom domain', host: 'fashionhub.lu', prefix: '' },
  { name: 'subdomain', host: 'fashionhub.localhost', prefix: '' },
  { name: 'path', host: 'localhost', prefix: '/s/fashionhub' },
]

type Answer = { status: number; location: string | undefined; text: string }

/** A browser on one host: keeps cookies, sends Host and (on POST) Origin of that host. */
const browserOn = (form: Form) => {
  const cookies = new Map<string, string>()
  const port = new URL(app.url).port
  let csrf = ''
  const request = (method: string, path: string, body?: Record<string, string>) =>
    new Promise<Answer>((resolve, reject) => {
      const payload = body ? new URLSearchParams({ _csrf: csrf, ...body }).toString() : undefined
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method,
          path: `${form.prefix}${path}`,
          headers: {
            host: form.host,
            accept: 'text/html',
            'accept-language': 'en',
            cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
            ...(payload
              ? {
                  'content-type': 'application/x-www-form-urlencoded',
                  origin: `http://${form.host}`,
                }
              : {}),
          },
        },
        (res) => {
          for (const line of res.headers['set-cookie'] ?? []) {
            const [pair] = line.split(';')
            const [name, ...value] = pair!.split('=')
            if (value.join('=')) cookies.set(name!, value.join('='))
            else cookies.delete(name!)
          }
          let text = ''
          res.on('data', (chunk: Buffer) => (text += chunk.toString()))
          res.on('end', () => {
            const token = /name="_csrf" value="([^"]+)"/.exec(text)
            if (token) csrf = token[1]!
            resolve({ status: res.statusCode ?? 0, location: res.headers.location, text })
          })
        },
      )
      req.on('error', reject)
      req.end(payload)
    })
  return {
    get: (path: string) => request('GET', path),
    post: (path: string, body: Record<string, string>) => request('POST', path, body),
  }
}

/** Every root-relative URL a page links or posts to (assets aside). */
const targets = (html: string) =>
  [...html.matchAll(/(?:href|action)="(\/[^"]*)"/g)]
    .map((m) => m[1]!.replace(/&amp;/g, '&'))
    .filter((url) => !url.startsWith('/assets/'))

const expectOwnForm = (form: Form, url: string | undefined, where: string) => {
  expect(url, where).toBeDefined()
  const path = url!.startsWith('http') ? new URL(url!).pathname + new URL(url!).search : url!
  if (form.prefix)
    expect(path.startsWith(`${form.prefix}/`) || path === form.prefix, `${where}: ${path}`).toBe(
      true,
    )
  else expect(path, `${where}: ${path}`).not.toMatch(/\/s\/|%2Fs%2F/)
  if (url!.startsWith('http')) expect(new URL(url!).hostname, where).toBe(form.host)
}

describe.each(FORMS)('the storefront on its $name', (form) => {
  it('links and redirects within the same host form, before and after joining', async () => {
    const browser = browserOn(form)
    for (const page of ['/join', '/login', '/password/forgot']) {
      const answer = await browser.get(page)
      expect(answer.status, page).toBe(200)
      for (const url of targets(answer.text)) expectOwnForm(form, url, `${page} → ${url}`)
    }
    const member = await browser.get('/account/history')
    expect(member.status).toBe(303)
    expectOwnForm(form, member.location, 'member page without a session')
    expect(member.location).toContain('next=')

    await browser.get('/join')
    const joined = await browser.post('/join', {
      email: `hosts-${form.name.replace(' ', '-')}@example.lu`,
      name: 'Host Form',
      terms: 'yes',
    })
    expect(joined.status).toBe(303)
    expectOwnForm(form, joined.location, 'after joining')
    for (const page of [
      '/join/done',
      '/account',
      '/account/card',
      '/account/history',
      '/account/profile',
      '/account/delete',
    ]) {
      const answer = await browser.get(page)
      expect(answer.status, page).toBe(200)
      for (const url of targets(answer.text)) expectOwnForm(form, url, `${page} → ${url}`)
    }
    const home = await browser.get('/')
    expect(home.status).toBe(303)
    expectOwnForm(form, home.location, 'home')
    await browser.get('/account')
    const language = await browser.post('/language', { language: 'fr', next: '/account' })
    expectOwnForm(form, language.location, 'after choosing a language')
    const out = await browser.post('/logout', {})
    expectOwnForm(form, out.location, 'after logging out')
  })
})
