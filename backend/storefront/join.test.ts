import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../shared/languages.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { seedDemoData } from '../seed/demo-seed.ts'
import { TestBrowser } from '../test/test-web-app.ts'
import { rawKeysIn } from '../test/raw-keys.ts'

// The join journey through the real app: forms as a browser posts them, CSRF, the session a new
// member gets, the "already a member" answer, the language choice, and the host forms.

const db = useTestDatabase()
let app: TestApp

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())

const hub = () => new TestBrowser(`${app.url}/s/fashionhub`, { 'accept-language': 'en' })
const joinForm = (email: string) => ({
  email,
  name: 'Léa Muller',
  phone: '+352 621 123 456',
  birthday_day: '14',
  birthday_month: '7',
  birthday_year: '1990',
  terms: 'yes',
})

const getWithHost = (host: string, path: string) =>
  new Promise<{ status: number; text: string }>((resolve, reject) => {
    const url = new URL(app.url)
    http
      .get({ host: url.hostname, port: url.port, path, headers: { host } }, (res) => {
        let text = ''
        res.on('data', (chunk: Buffer) => (text += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
      })
      .on('error', reject)
  })

describe('joining on the storefront', () => {
  it('enrolls a new member, signs them in and shows the card with its QR and welcome bonus', async () => {
    const browser = hub()
    const page = await browser.get('/join')
    expect(page.status).toBe(200)
    expect(page.text).toContain('<html lang="en">')
    const joined = await browser.post('/join', joinForm('lea.muller@example.lu'))
    expect(joined.status).toBe(303)
    expect(joined.headers.get('location')).toBe('/s/fashionhub/join/done')
    const done = await browser.get('/join/done')
    expect(done.text).toContain('<svg')
    expect(done.text).toContain('50 welcome points')
    const customer = await db
      .knex('customers')
      .where({ email: 'lea.muller@example.lu' })
      .first('birthday', 'phone', 'terms_accepted_at', 'preferred_language')
    expect(customer).toMatchObject({ birthday: '1990-07-14', phone: '+352 621 123 456' })
    expect(customer.terms_accepted_at).not.toBeNull()
    const emails = await db
      .knex('outbound_emails')
      .where({ to_address: 'lea.muller@example.lu', template: 'enrollment' })
      .select('language', 'variables')
    expect(emails).toHaveLength(1)
    expect(emails[0].language).toBe('en')
    // Ids only: the sending job builds the links at the store's canonical URL (render-email.ts).
    expect(emails[0].variables).toMatchObject({ store_name: 'FashionHub', welcome_bonus: 50 })
    expect(emails[0].variables.card_number).toMatch(/^[0-9]{12}$/)
    expect(emails[0].variables).not.toHaveProperty('account_url')
  })

  it('answers "already a member" at the other store, with no second card or bonus', async () => {
    await hub()
      .post('/join', joinForm('twice@example.lu'))
      .catch(() => undefined)
    const first = hub()
    await first.get('/join')
    await first.post('/join', joinForm('twice@example.lu'))
    const outlet = new TestBrowser(`${app.url}/s/fashionoutlet`, { 'accept-language': 'fr' })
    await outlet.get('/join')
    const again = await outlet.post('/join', joinForm('TWICE@example.lu'))
    expect(again.headers.get('location')).toBe('/s/fashionoutlet/join/done?already=1')
    const done = await outlet.get('/join/done?already=1')
    expect(done.text).toContain('Vous êtes déjà membre')
    expect(done.text).not.toContain('<svg')
    const cards = await db
      .knex('cards as c')
      .join('customers as cu', 'cu.id', 'c.customer_id')
      .where('cu.email', 'twice@example.lu')
      .count<{ n: string }[]>({ n: '*' })
    expect(Number(cards[0]!.n)).toBe(1)
    const bonuses = await db
      .knex('ledger_entries as e')
      .join('cards as c', 'c.id', 'e.card_id')
      .join('customers as cu', 'cu.id', 'c.customer_id')
      .where({ 'cu.email': 'twice@example.lu', 'e.type': 'welcome_bonus' })
      .count<{ n: string }[]>({ n: '*' })
    expect(Number(bonuses[0]!.n)).toBe(1)
    const emails = await db
      .knex('outbound_emails')
      .whereRaw('lower(to_address) = ?', ['twice@example.lu'])
      .where({ template: 'enrollment' })
    expect(emails).toHaveLength(1)
  })

  it('shows localized inline errors and keeps what was typed', async () => {
    const browser = new TestBrowser(`${app.url}/s/fashionhub`, { 'accept-language': 'de' })
    await browser.get('/join')
    const page = await browser.post('/join', {
      email: 'not-an-email',
      name: 'Jo',
      birthday_day: '31',
      birthday_month: '2',
      birthday_year: '1990',
    })
    expect(page.status).toBe(422)
    expect(page.text).toContain('Geben Sie eine gültige E-Mail-Adresse ein.')
    expect(page.text).toContain('Geben Sie ein echtes Datum ein')
    expect(page.text).toContain('Teilnahmebedingungen akzeptieren')
    expect(page.text).toContain('value="not-an-email"')
    expect(page.text).toContain('aria-invalid="true"')
  })

  it('refuses a form without its CSRF token', async () => {
    const browser = hub()
    await browser.get('/join')
    browser.csrf = 'forged'
    const page = await browser.post('/join', joinForm('csrf@example.lu'))
    expect(page.status).toBe(403)
    expect(await db.knex('customers').where({ email: 'csrf@example.lu' }).first()).toBeUndefined()
  })

  it('remembers the chosen language and goes back to the page', async () => {
    const browser = hub()
    await browser.get('/join')
    const chosen = await browser.post('/language', { language: 'lb', next: '/join' })
    expect(chosen.status).toBe(303)
    expect(chosen.headers.get('location')).toBe('/s/fashionhub/join')
    const page = await browser.get('/join')
    expect(page.text).toContain('<html lang="lb">')
    expect(page.text).toContain('Gitt Member vu')
  })

  it("keeps a member's language choice on the profile and sends it to the kiosks", async () => {
    const browser = hub()
    await browser.get('/join')
    await browser.post('/join', joinForm('switch.language@example.lu'))
    const card = () =>
      db
        .knex('cards as c')
        .join('customers as cu', 'cu.id', 'c.customer_id')
        .where('cu.email', 'switch.language@example.lu')
        .first('c.updated_at', 'c.change_xid', 'cu.preferred_language')
    const before = await card()
    await browser.get('/account')
    expect((await browser.post('/language', { language: 'de', next: '/account' })).status).toBe(303)
    const after = await card()
    expect(after.preferred_language).toBe('de')
    expect(after.change_xid).not.toBe(before.change_xid)
  })

  it('renders the join page in every language with its lang, local date order and no raw key', async () => {
    for (const language of LANGUAGES) {
      const page = await new TestBrowser(`${app.url}/s/fashionhub`, {
        'accept-language': language,
      }).get('/join')
      expect(page.text).toContain(`<html lang="${language}">`)
      expect(rawKeysIn(page.text)).toEqual([])
      expect(page.text).not.toContain('type="date"')
      const order = [...page.text.matchAll(/data-date-part="(day|month|year)"/g)].map((m) => m[1])
      expect(order).toEqual(['day', 'month', 'year'])
    }
  })

  it("links without a path prefix on the store's subdomain, and 404s an unknown store", async () => {
    const page = await getWithHost('fashionhub.localhost', '/join')
    expect(page.status).toBe(200)
    expect(page.text).toContain('action="/join"')
    expect(page.text).not.toContain('/s/fashionhub')
    const unknown = await getWithHost('localhost', '/s/nosuchstore/join')
    expect(unknown.status).toBe(404)
  })
})
