import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { seedDemoData } from '../seed/demo-seed.ts'
import { TestBrowser } from '../test/test-web-app.ts'

const db = useTestDatabase()
let app: TestApp

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())

describe('forms sent after the session ended', () => {
  it('sends the browser to the login page and back, not to a CSRF error', async () => {
    const browser = new TestBrowser(`${app.url}/s/fashionhub`, { 'accept-language': 'en' })
    await browser.get('/join')
    await browser.post('/join', {
      email: 'ended@example.lu',
      name: 'Ended Session',
      terms: 'yes',
    })
    await browser.get('/account/profile')
    await db
      .knex('web_sessions')
      .update({ idle_expires_at: db.knex.raw(`now() - interval '1 second'`) })
    const sent = await browser.post(
      '/logout',
      {},
      { headers: { referer: `${app.url}/s/fashionhub/account/profile` } },
    )
    expect(sent.status).toBe(303)
    expect(sent.headers.get('location')).toBe('/s/fashionhub/login?next=%2Faccount%2Fprofile')
  })

  it('still refuses a forged token from a live or anonymous browser', async () => {
    const browser = new TestBrowser(`${app.url}/s/fashionhub`)
    await browser.get('/join')
    browser.csrf = 'forged'
    expect((await browser.post('/join', { email: 'x@example.lu' })).status).toBe(403)
  })
})
