import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES, type Language } from '../../shared/languages.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { seedDemoData } from '../seed/demo-seed.ts'
import { TestBrowser } from '../test/test-web-app.ts'

// The storefront join's limits (security/request-limits.ts): at most 20 joins per client IP in
// any 10 minutes and 5 per email address an hour, counted in PostgreSQL so two web processes
// share them. Beyond: the join form again, 429 with Retry-After and a message in its language.

const db = useTestDatabase()
let one: TestApp
let two: TestApp
let direct: TestApp

beforeAll(async () => {
  await seedDemoData(db.knex)
  // Two web processes behind one proxy (client IP from X-Forwarded-For), and one reached
  // directly (X-Forwarded-For is then anyone's claim and ignored).
  one = await startTestApp(db.knex, { TRUST_PROXY: 'true' })
  two = await startTestApp(db.knex, { TRUST_PROXY: 'true' })
  direct = await startTestApp(db.knex, { RATE_LIMIT_JOINS_PER_IP: '3' })
})
afterAll(async () => {
  await Promise.all([one.close(), two.close(), direct.close()])
})

let n = 0
const joinForm = (email = `joiner${++n}@example.lu`) => ({
  email,
  name: 'Léa Muller',
  phone: '',
  birthday_day: '',
  birthday_month: '',
  birthday_year: '',
  terms: 'yes',
})

/** A visitor of FASHIONHUB through `app`, from `ip` as the proxy reports it. */
const visitor = async (app: TestApp, ip: string, language: Language = 'fr') => {
  const browser = new TestBrowser(`${app.url}/s/fashionhub`, {
    'accept-language': language,
    'x-forwarded-for': ip,
  })
  await browser.get('/join')
  return browser
}

/** The localized RATE_LIMITED message up to its time, as React writes it into the page. */
const limitedMessage = (language: Language) => {
  const errors = JSON.parse(readFileSync(`locales/${language}/errors.json`, 'utf8')) as Record<
    string,
    string
  >
  return errors.RATE_LIMITED!.split('{{')[0]!.replace(/'/g, '&#x27;')
}

const emailsTo = async (email: string) =>
  Number((await db.knex('outbound_emails').where({ to_address: email }).count('* as n'))[0]!.n)

describe('the join limit per IP', () => {
  it('lets 20 joins from one IP through across two processes, then answers 429 in French', async () => {
    for (let i = 0; i < 20; i++) {
      const joined = await (
        await visitor(i % 2 === 0 ? one : two, '203.0.113.7')
      ).post('/join', joinForm())
      expect(joined.status).toBe(303)
    }
    const refused = await (
      await visitor(two, '203.0.113.7')
    ).post('/join', joinForm('twenty-first@example.lu'))
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(refused.text).toContain('<html lang="fr">')
    expect(refused.text).toContain(limitedMessage('fr'))
    // The form again, with what the visitor typed; nothing enrolled, no email queued.
    expect(refused.text).toContain('value="twenty-first@example.lu"')
    expect(await db.knex('customers').where('email', 'twenty-first@example.lu')).toEqual([])
    expect(await emailsTo('twenty-first@example.lu')).toBe(0)
    // Another address is not held back by this one's count.
    expect((await (await visitor(one, '198.51.100.9')).post('/join', joinForm())).status).toBe(303)
  }, 60_000)

  it('says so in each of the four languages', async () => {
    for (const language of LANGUAGES) {
      for (let i = 0; i < 20; i++)
        await (await visitor(one, '203.0.113.8')).post('/join', joinForm())
      const refused = await (await visitor(one, '203.0.113.8', language)).post('/join', joinForm())
      expect(refused.status).toBe(429)
      expect(refused.text).toContain(`<html lang="${language}">`)
      expect(refused.text).toContain(limitedMessage(language))
      await db.knex('rate_limits').where('bucket', 'like', 'join-ip:%').delete()
    }
  }, 120_000)

  it('counts the socket address when no proxy is trusted, whatever X-Forwarded-For says', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) {
      const browser = await visitor(direct, `192.0.2.${i + 1}`)
      statuses.push((await browser.post('/join', joinForm())).status)
    }
    expect(statuses).toEqual([303, 303, 303, 429])
  })
})

describe('the join limit per email address', () => {
  it('refuses the sixth join of one address within an hour, from any IP', async () => {
    const email = 'again.and.again@example.lu'
    const statuses: number[] = []
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await (await visitor(one, `198.51.100.${20 + i}`)).post('/join', joinForm(email))).status,
      )
    // The first joins; the next four are "already a member"; the sixth is not even looked at.
    expect(statuses).toEqual([303, 303, 303, 303, 303, 429])
    const other = await (
      await visitor(two, '198.51.100.40')
    ).post('/join', joinForm('SOMEONE@example.lu'))
    expect(other.status).toBe(303)
  })
})
