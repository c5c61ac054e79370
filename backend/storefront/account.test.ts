import http from 'node:http'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomCardNumber } from '../../shared/card-number.ts'
import { LANGUAGES, type Language } from '../../shared/languages.ts'
import { systemActor } from '../auth/actor.ts'
import { earnPoints } from '../loyalty/commands/earn-points.ts'
import { redeemReward } from '../loyalty/commands/redeem-reward.ts'
import { reverseEntry } from '../loyalty/commands/reverse-entry.ts'
import { findBalanceMismatches } from '../loyalty/check-balances.ts'
import { DEMO, seedDemoData } from '../seed/demo-seed.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { LANGUAGE_COOKIE } from '../web/pages/page-language.ts'
import { SESSION_COOKIES } from '../web/sessions/session-middleware.ts'
import { verifyPassword } from '../accounts/passwords.ts'
import { createSession } from '../accounts/session-store.ts'
import { TestBrowser, testSettings } from '../test/test-web-app.ts'

// The member pages through the real app over the demo data: the session guard, what each page
// shows, the profile, the data export and the account deletion, in every language and host form.

const db = useTestDatabase()
let app: TestApp
const fashion = DEMO.fashion

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())

const MEMBER_PAGES = [
  '/account',
  '/account/card',
  '/account/card.svg',
  '/account/history',
  '/account/profile',
  '/account/export',
  '/account/delete',
]

/** A browser signed in as the customer with this email (a session made directly). */
const signedIn = async (
  email: string,
  options: { store?: string; merchantId?: string; language?: Language } = {},
) => {
  const merchantId = options.merchantId ?? fashion.merchantId
  const customer = await db.knex('customers').where({ merchant_id: merchantId, email }).first('id')
  const session = await createSession(db.knex, {
    account: { audience: 'customer', id: customer.id, merchantId },
    timeouts: testSettings().timeouts.customer,
  })
  const browser = new TestBrowser(`${app.url}/s/${options.store ?? 'fashionhub'}`, {
    'accept-language': 'en',
  })
  browser.cookies.set(SESSION_COOKIES.customer, session.token)
  if (options.language) browser.cookies.set(LANGUAGE_COOKIE, options.language)
  return { browser, customerId: customer.id as string, sessionId: session.id }
}

let joined = 0
/** A new member, joined through the join form (signed in by it), in English. */
const newMember = async () => {
  const email = `member${++joined}.${Date.now()}@example.lu`
  const browser = new TestBrowser(`${app.url}/s/fashionhub`, { 'accept-language': 'en' })
  await browser.get('/join')
  const answer = await browser.post('/join', {
    email,
    name: 'Léa Muller',
    phone: '+352 621 000 111',
    birthday_day: '14',
    birthday_month: '7',
    birthday_year: '1990',
    terms: 'yes',
  })
  expect(answer.status).toBe(303)
  const customer = await db.knex('customers').where({ email }).first('id')
  const card = await db.knex('cards').where({ customer_id: customer.id }).first('id', 'number')
  return { browser, email, customerId: customer.id as string, card }
}

const getWithHost = (host: string, path: string, cookie?: string) =>
  new Promise<{ status: number; text: string; location: string | undefined }>((resolve, reject) => {
    const url = new URL(app.url)
    http
      .get(
        {
          host: url.hostname,
          port: url.port,
          path,
          headers: { host, accept: 'text/html', ...(cookie ? { cookie } : {}) },
        },
        (res) => {
          let text = ''
          res.on('data', (chunk: Buffer) => (text += chunk.toString()))
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text, location: res.headers.location }),
          )
        },
      )
      .on('error', reject)
  })

/**
 * The page a login redirect comes back to, on the store's path form: the location must be the
 * store's login page; `next` may carry the store prefix or not (safeNext fits it either way).
 */
const loginNext = (location: string | null) => {
  const url = new URL(location ?? '', 'http://test.invalid')
  expect(url.pathname).toBe('/s/fashionhub/login')
  return (url.searchParams.get('next') ?? '').replace(/^\/s\/fashionhub(?=\/)/, '')
}

const count = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].length

describe('member pages without a session', () => {
  it('send every member page to the login page with ?next=, showing nothing of the account', async () => {
    for (const path of MEMBER_PAGES) {
      const page = await new TestBrowser(`${app.url}/s/fashionhub`).get(path)
      expect(page.status, path).toBe(303)
      expect(loginNext(page.headers.get('location'))).toBe(path)
      expect(page.headers.get('cache-control')).toBe('no-store')
      expect(page.text).not.toContain('balance')
    }
  })

  it('treat an ended session and a form sent after it the same way', async () => {
    const browser = new TestBrowser(`${app.url}/s/fashionhub`)
    await browser.get('/join')
    browser.cookies.set(SESSION_COOKIES.customer, 'a'.repeat(43))
    const page = await browser.get('/account/history?page=2')
    expect(page.status).toBe(303)
    expect(loginNext(page.headers.get('location'))).toBe('/account/history?page=2')
    const posted = await browser.post('/account/delete', { confirm: 'yes' })
    expect(posted.status).toBe(303)
    expect(posted.headers.get('location')).toMatch(/^\/s\/fashionhub\/login/)
  })

  it('ignore a session of another merchant', async () => {
    const { browser } = await signedIn('marie.schmit@example.lu', {
      store: 'fashionhub',
      merchantId: DEMO.cafe.merchantId,
    })
    const page = await browser.get('/account')
    expect(page.status).toBe(303)
  })
})

describe('the account page', () => {
  it('shows the balance, the progress to the next reward, the affordable rewards and the stores', async () => {
    const { browser } = await signedIn('marie.schmit@example.lu', { language: 'en' })
    const page = await browser.get('/account')
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toBe('no-store')
    expect(page.text).toContain('<html lang="en">')
    expect(page.text).toContain('Hello, Marie Schmit')
    expect(page.text).toContain('Fashion Points')
    // 50 welcome + 89 + 45 + 129 points.
    expect(page.text).toContain('<span class="balance__number">313</span>')
    expect(page.text).toMatch(/<progress class="progress" max="500" value="313"/)
    expect(page.text).toContain('187 points to go until your next reward: €30 voucher')
    expect(count(page.text, /class="reward reward--available"/g)).toBe(2)
    expect(count(page.text, /class="reward reward--locked"/g)).toBe(1)
    expect(page.text).toMatch(/reward--available"><h3 class="reward__name">€5 voucher/)
    expect(page.text).toMatch(/reward--locked"><h3 class="reward__name">€30 voucher/)
    expect(page.text).toContain('FashionHub')
    expect(page.text).toContain('45, rue de l’Alzette')
    expect(page.text).toContain('L-1660 Luxembourg')
    expect(page.text).toContain('Fashion for the whole family')
  })

  it('shows names in the page language, with the store’s language as fallback', async () => {
    const { browser } = await signedIn('marie.schmit@example.lu')
    // No language cookie: Marie's profile language (fr) wins over Accept-Language.
    const page = await browser.get('/account')
    expect(page.text).toContain('<html lang="fr">')
    expect(page.text).toContain('Points Fashion\u00a0: votre solde')
    expect(page.text).toContain('Bon d’achat de 30 €')
    expect(page.text).toContain('La mode pour toute la famille')
    await db
      .knex('rewards')
      .where('id', fashion.rewardIds[2])
      .update({ name: { fr: 'Bon de 30 € (fr seulement)' } })
    const german = await (
      await signedIn('marie.schmit@example.lu', { language: 'de' })
    ).browser.get('/account')
    expect(german.text).toContain('Bon de 30 € (fr seulement)')
    expect(german.text).toContain('Fashion-Punkte: Ihr Guthaben')
    await db
      .knex('rewards')
      .where('id', fashion.rewardIds[2])
      .update({ name: { en: '€30 voucher', fr: 'Bon d’achat de 30 €', de: '30-€-Gutschein' } })
  })

  it('shows a stamp card as a grid of stamps', async () => {
    const { browser } = await signedIn('tom.hoffmann@example.lu', {
      store: 'cafegare',
      merchantId: DEMO.cafe.merchantId,
    })
    const page = await browser.get('/account')
    expect(page.text).toContain('<html lang="lb">')
    // One welcome stamp and six visits.
    expect(page.text).toContain('<span class="balance__number">7</span>')
    expect(page.text).toContain('aria-label="7 vun 10 Stempelen"')
    expect(count(page.text, /class="stamp[ "]/g)).toBe(10)
    expect(count(page.text, /stamp--filled/g)).toBe(7)
    expect(page.text).toMatch(/class="stamp stamp--reward"/)
    expect(page.text).toMatch(/reward--available"><h3 class="reward__name">Croissant/)
    expect(page.text).toContain('Nach 3 Stempelen, da kritt Dir: Gratis Kaffi')
  })
})

describe('the card page', () => {
  it('shows the QR code and the formatted card number, and serves the QR as a private SVG', async () => {
    const { browser, customerId } = await signedIn('marie.schmit@example.lu', { language: 'en' })
    const card = await db.knex('cards').where({ customer_id: customerId }).first('number')
    const page = await browser.get('/account/card')
    expect(page.status).toBe(200)
    expect(page.text).toContain('class="loyalty-card__qr"')
    expect(page.text).toContain('<svg')
    const formatted = card.number.replace(/(\d{4})(?=\d)/g, '$1 ')
    expect(page.text).toContain(formatted)
    expect(page.text).toContain('href="/s/fashionhub/account/card.svg"')
    const svg = await browser.get('/account/card.svg')
    expect(svg.status).toBe(200)
    expect(svg.headers.get('content-type')).toBe('image/svg+xml')
    expect(svg.headers.get('cache-control')).toBe('private, no-store')
    expect(svg.text).toMatch(/^<svg/)
  })
})

describe('the history page', () => {
  const actor = systemActor(fashion.merchantId, 'test')
  let member: Awaited<ReturnType<typeof newMember>>

  beforeAll(async () => {
    member = await newMember()
    // 24 purchases, one a day, alternating stores; one reward; one refund.
    const earned: string[] = []
    for (let i = 0; i < 24; i++) {
      const result = await earnPoints(db.knex, {
        merchantId: fashion.merchantId,
        cardNumber: member.card.number,
        storeCode: i % 2 ? 'FASHIONOUTLET' : 'FASHIONHUB',
        clientId: randomUUID(),
        amountCents: 1_000 + i * 100,
        occurredAt: new Date(Date.UTC(2026, 9, 1 + i, 10, 0)),
        actor,
      })
      earned.push(result.entry.id)
    }
    await redeemReward(db.knex, {
      merchantId: fashion.merchantId,
      cardNumber: member.card.number,
      storeCode: 'FASHIONOUTLET',
      clientId: randomUUID(),
      rewardId: fashion.rewardIds[0],
      occurredAt: new Date(Date.UTC(2026, 9, 30, 15, 0)),
      actor,
    })
    await reverseEntry(db.knex, {
      merchantId: fashion.merchantId,
      entryId: earned[23]!,
      clientId: randomUUID(),
      reason: 'Returned item',
      storeCode: 'FASHIONHUB',
      actor,
    })
  })

  it('lists the newest twenty entries first, with store names, signed points and pages', async () => {
    const page = await member.browser.get('/account/history')
    expect(page.status).toBe(200)
    const rows = count(page.text, /<tr>/g) - 1
    expect(rows).toBe(20)
    expect(page.text).toContain('FashionHub')
    expect(page.text).toContain('FashionOutlet')
    expect(page.text).toContain('Cancellation')
    expect(page.text).toContain('Cancelled')
    expect(page.text).toContain('Reward redeemed<span class="muted"> · €5 voucher</span>')
    expect(page.text).toContain('class="amount--negative">-100<')
    expect(page.text).toContain('class="amount--positive">+33<')
    expect(page.text).toContain('€33.00')
    // The refund (now) comes first, then the reward (30 Oct), then the purchases.
    expect(page.text.indexOf('Cancellation')).toBeLessThan(page.text.indexOf('Reward redeemed'))
    expect(page.text).toContain('rel="next" href="/s/fashionhub/account/history?page=2"')
    expect(page.text).toContain('Page 1 of 2')
    const second = await member.browser.get('/account/history?page=2')
    // 1 welcome bonus + 24 purchases + 1 redemption + 1 reversal = 27 entries.
    expect(count(second.text, /<tr>/g) - 1).toBe(7)
    expect(page.text).toContain('Welcome bonus')
    expect(second.text).not.toContain('Welcome bonus')
    expect(second.text).toContain('rel="prev" href="/s/fashionhub/account/history?page=1"')
    expect(second.text).toContain('aria-current="page"')
  })

  it('sends a page past the end to the last page, and reads a bad page number as the first', async () => {
    const beyond = await member.browser.get('/account/history?page=9')
    expect(beyond.status).toBe(303)
    expect(beyond.headers.get('location')).toBe('/s/fashionhub/account/history?page=2')
    const bad = await member.browser.get('/account/history?page=abc')
    expect(bad.status).toBe(200)
    expect(bad.text).toContain('Page 1 of 2')
  })

  it('shows dates in the store’s time zone, in French and in German', async () => {
    member.browser.cookies.set(LANGUAGE_COOKIE, 'fr')
    const fr = await member.browser.get('/account/history?page=2')
    expect(fr.text).toContain('<html lang="fr">')
    // 1 Oct 10:00 UTC is noon in Luxembourg.
    expect(fr.text).toContain('1 oct. 2026, 12:00')
    expect(fr.text).toContain('Page 2 sur 2')
    expect(fr.text).toMatch(/10,00\s€/)
    const frFirst = await member.browser.get('/account/history')
    expect(frFirst.text).toContain('Bonus de bienvenue')
    expect(frFirst.text).toContain('Récompense obtenue<span class="muted"> · Bon d’achat de 5 €')
    expect(frFirst.text).toContain('30 oct. 2026, 16:00')
    member.browser.cookies.set(LANGUAGE_COOKIE, 'de')
    const de = await member.browser.get('/account/history?page=2')
    expect(de.text).toContain('<html lang="de">')
    expect(de.text).toContain('01.10.2026, 12:00')
    expect(de.text).toContain('data-label="Geschäft"')
    expect((await member.browser.get('/account/history')).text).toContain('Willkommensbonus')
    member.browser.cookies.delete(LANGUAGE_COOKIE)
  })

  it('shows an empty state for a card without movements', async () => {
    const [customer] = await db
      .knex('customers')
      .insert({ merchant_id: fashion.merchantId, email: `empty.${Date.now()}@example.lu` })
      .returning(['id', 'email'])
    await db.knex('cards').insert({
      number: randomCardNumber(),
      merchant_id: fashion.merchantId,
      customer_id: customer.id,
      programme_id: fashion.programmeId,
    })
    const { browser } = await signedIn(customer.email, { language: 'en' })
    const page = await browser.get('/account/history')
    expect(page.status).toBe(200)
    expect(page.text).toContain('class="empty"')
    expect(page.text).toContain('Nothing here yet')
    expect(page.text).not.toContain('class="pagination"')
  })
})

describe('the profile page', () => {
  it('saves name, phone, birthday, language and consent, then speaks the new language', async () => {
    const { browser, customerId } = await newMember()
    const form = await browser.get('/account/profile')
    expect(form.status).toBe(200)
    expect(form.text).toContain('value="+352 621 000 111"')
    const saved = await browser.post('/account/profile', {
      intent: 'details',
      name: 'Léa Muller-Weber',
      phone: '+352 691 999 888',
      birthday_day: '3',
      birthday_month: '11',
      birthday_year: '1989',
      language: 'de',
      marketing: 'yes',
    })
    expect(saved.status).toBe(303)
    expect(saved.headers.get('location')).toBe('/s/fashionhub/account/profile?saved=1')
    expect(browser.cookies.get(LANGUAGE_COOKIE)).toBe('de')
    const row = await db.knex('customers').where('id', customerId).first()
    expect(row).toMatchObject({
      name: 'Léa Muller-Weber',
      phone: '+352 691 999 888',
      birthday: '1989-11-03',
      preferred_language: 'de',
      marketing_consent: true,
    })
    expect(row.marketing_consent_at).not.toBeNull()
    const page = await browser.get('/account/profile?saved=1')
    expect(page.text).toContain('<html lang="de">')
    expect(page.text).toContain('Ihre Angaben wurden gespeichert.')
    expect(page.text).toContain('Zugestimmt am')
    // Consent withdrawn: cleared, and both changes are in the audit log.
    await browser.post('/account/profile', {
      intent: 'details',
      name: 'Léa Muller-Weber',
      language: 'de',
    })
    const after = await db
      .knex('customers')
      .where('id', customerId)
      .first('marketing_consent', 'marketing_consent_at', 'phone', 'birthday')
    expect(after).toEqual({
      marketing_consent: false,
      marketing_consent_at: null,
      phone: null,
      birthday: null,
    })
    const audit = await db
      .knex('audit_log')
      .where({ subject_type: 'customer', subject_id: customerId })
      .orderBy('created_at')
      .pluck('action')
    expect(audit).toEqual([
      'customer.marketing_consent_given',
      'customer.marketing_consent_withdrawn',
    ])
  })

  it('re-renders with localized inline errors and keeps what was typed', async () => {
    const { browser, customerId } = await newMember()
    browser.cookies.set(LANGUAGE_COOKIE, 'fr')
    await browser.get('/account/profile')
    const page = await browser.post('/account/profile', {
      intent: 'details',
      name: ' ',
      phone: 'call me',
      birthday_day: '31',
      birthday_month: '2',
      birthday_year: '1990',
      language: 'xx',
    })
    expect(page.status).toBe(422)
    expect(page.text).toContain('Saisissez votre nom.')
    expect(page.text).toContain('Saisissez un numéro de téléphone valable.')
    expect(page.text).toContain('Choisissez l’une des langues de la liste.')
    expect(page.text).toContain('Saisissez une date réelle')
    expect(page.text).toContain('value="call me"')
    expect(page.text).toContain('aria-invalid="true"')
    const row = await db.knex('customers').where('id', customerId).first('name')
    expect(row.name).toBe('Léa Muller')
  })

  it('sets a first password without asking for one, then changes it only with the current one', async () => {
    const { browser, email, customerId } = await newMember()
    const other = await createSession(db.knex, {
      account: { audience: 'customer', id: customerId, merchantId: fashion.merchantId },
      timeouts: testSettings().timeouts.customer,
    })
    const first = await browser.get('/account/profile')
    expect(first.text).not.toContain('name="current_password"')
    const short = await browser.post('/account/profile', {
      intent: 'password',
      new_password: 'short',
    })
    expect(short.status).toBe(422)
    expect(short.text).toContain('A password needs at least 10 characters.')
    const set = await browser.post('/account/profile', {
      intent: 'password',
      new_password: 'correct horse battery',
    })
    expect(set.status).toBe(303)
    expect(set.headers.get('location')).toBe('/s/fashionhub/account/profile?password=1')
    // This session stays; the other one has ended.
    expect((await browser.get('/account/profile?password=1')).text).toContain(
      'Your password has been changed.',
    )
    expect(await db.knex('web_sessions').where('id', other.id).first()).toBeUndefined()

    const page = await browser.get('/account/profile')
    expect(page.text).toContain('name="current_password"')
    const wrong = await browser.post('/account/profile', {
      intent: 'password',
      current_password: 'not my password',
      new_password: 'another long password',
    })
    expect(wrong.status).toBe(422)
    expect(wrong.text).toContain('The current password is not correct.')
    const changed = await browser.post('/account/profile', {
      intent: 'password',
      current_password: 'correct horse battery',
      new_password: 'another long password',
    })
    expect(changed.status).toBe(303)
    const { password_hash: hash } = await db
      .knex('customers')
      .where({ email })
      .first('password_hash')
    expect(await verifyPassword('another long password', hash, 10)).toBe(true)
  })
})

describe('the data export', () => {
  it('downloads everything held about the member as JSON, phone and birthday included', async () => {
    const { browser, customerId } = await signedIn('marie.schmit@example.lu')
    const answer = await browser.get('/account/export')
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(answer.headers.get('content-disposition')).toMatch(
      /^attachment; filename="fashionhub-my-data-\d{4}-\d{2}-\d{2}\.json"$/,
    )
    expect(answer.headers.get('cache-control')).toBe('private, no-store')
    const data = JSON.parse(answer.text)
    expect(data.customer).toMatchObject({
      id: customerId,
      email: 'marie.schmit@example.lu',
      name: 'Marie Schmit',
      phone: '+352 621 123 456',
      birthday: '1988-04-12',
      preferred_language: 'fr',
      marketing_consent: true,
    })
    expect(data.consents.marketing_consent).toBe(true)
    expect(data.consents.marketing_consent_at).not.toBeNull()
    expect(data.merchant.name).toBe('Fashion Group S.A.')
    expect(data.cards).toHaveLength(1)
    const [card] = data.cards
    const entries = await db.knex('ledger_entries').where('card_id', card.id).count({ n: '*' })
    expect(card.entries).toHaveLength(Number(entries[0]!.n))
    const sum = card.entries.reduce(
      (total: number, entry: { points_delta: number }) => total + entry.points_delta,
      0,
    )
    expect(sum).toBe(card.points_balance)
    expect(card.enrolled_store).toEqual({ code: 'FASHIONHUB', name: 'FashionHub' })
    expect(data.sessions.count).toBeGreaterThanOrEqual(1)
    expect(answer.text).not.toContain('password_hash')
  })
})

describe('account deletion', () => {
  it('asks first, and refuses without the box ticked', async () => {
    const { browser, customerId } = await newMember()
    const page = await browser.get('/account/delete')
    expect(page.status).toBe(200)
    expect(page.text).toMatch(/<form[^>]*data-confirm="Delete your account for good\?/)
    expect(page.text).toContain('data-confirm-cancel="Keep my account"')
    const refused = await browser.post('/account/delete', {})
    expect(refused.status).toBe(422)
    expect(refused.text).toContain('Tick the box to confirm')
    const row = await db.knex('customers').where('id', customerId).first('anonymized_at')
    expect(row.anonymized_at).toBeNull()
  })

  it('erases the personal data, logs out everywhere, blocks the card and keeps the ledger whole', async () => {
    const { browser, email, customerId, card } = await newMember()
    await earnPoints(db.knex, {
      merchantId: fashion.merchantId,
      cardNumber: card.number,
      storeCode: 'FASHIONHUB',
      clientId: randomUUID(),
      amountCents: 4_200,
      occurredAt: new Date(Date.now() + 3_600_000),
      actor: systemActor(fashion.merchantId, 'test'),
    })
    const elsewhere = await createSession(db.knex, {
      account: { audience: 'customer', id: customerId, merchantId: fashion.merchantId },
      timeouts: testSettings().timeouts.customer,
    })
    const entriesBefore = await db
      .knex('ledger_entries')
      .where('card_id', card.id)
      .count({ n: '*' })
    await browser.get('/account/delete')
    const deleted = await browser.post('/account/delete', { confirm: 'yes' })
    expect(deleted.status).toBe(303)
    expect(deleted.headers.get('location')).toBe('/s/fashionhub/join?goodbye=1')
    expect(browser.cookies.has(SESSION_COOKIES.customer)).toBe(false)
    expect((await browser.get('/account')).status).toBe(303)
    const goodbye = await browser.get('/join?goodbye=1')
    expect(goodbye.status).toBe(200)
    expect(goodbye.text).toContain('alert--success')
    expect(
      await db.knex('outbound_emails').whereRaw('lower(to_address) = lower(?)', [email]).first(),
    ).toBeUndefined()

    const row = await db.knex('customers').where('id', customerId).first()
    expect(row).toMatchObject({
      email: null,
      name: null,
      phone: null,
      birthday: null,
      password_hash: null,
      marketing_consent: false,
    })
    expect(row.anonymized_at).not.toBeNull()
    const blocked = await db.knex('cards').where('id', card.id).first('status', 'points_balance')
    expect(blocked).toEqual({ status: 'blocked', points_balance: 92 })
    expect(await db.knex('web_sessions').where('customer_id', customerId).first()).toBeUndefined()
    expect(await db.knex('web_sessions').where('id', elsewhere.id).first()).toBeUndefined()
    expect(await db.knex('ledger_entries').where('card_id', card.id).count({ n: '*' })).toEqual(
      entriesBefore,
    )
    expect(await findBalanceMismatches(db.knex, fashion.merchantId)).toEqual([])
    const audit = await db
      .knex('audit_log')
      .where({ action: 'customer.anonymized', subject_id: customerId })
      .first('data')
    expect(audit.data).toMatchObject({ requested_by: 'customer', sessions_ended: 2 })

    // The address is free again: the person may join anew, with a new card.
    const again = new TestBrowser(`${app.url}/s/fashionhub`, { 'accept-language': 'en' })
    await again.get('/join')
    const rejoined = await again.post('/join', { email, name: 'Léa', terms: 'yes' })
    expect(rejoined.headers.get('location')).toBe('/s/fashionhub/join/done')
  })
})

describe('every member page', () => {
  it('renders in en, fr, de and lb with its lang and no raw key', async () => {
    const { customerId } = await newMember()
    const email = (await db.knex('customers').where('id', customerId).first('email')).email
    for (const language of LANGUAGES) {
      const { browser } = await signedIn(email, { language })
      for (const path of [
        '/account',
        '/account/card',
        '/account/history',
        '/account/profile',
        '/account/delete',
      ]) {
        const page = await browser.get(path)
        expect(page.status, `${language} ${path}`).toBe(200)
        expect(page.text, `${language} ${path}`).toContain(`<html lang="${language}">`)
        expect(page.text, `${language} ${path}`).not.toMatch(
          /(?<![/\w-])(overview|card|history|profile|delete|units|goodbye|common|nav|form)\.[a-z_]+\b|\{\{/,
        )
      }
    }
  })

  it("links without a path prefix on the store's subdomain", async () => {
    const { customerId } = await newMember()
    const email = (await db.knex('customers').where('id', customerId).first('email')).email
    const anonymous = await getWithHost('fashionhub.localhost', '/account/profile')
    expect(anonymous.status).toBe(303)
    expect(anonymous.location).toBe(`/login?next=${encodeURIComponent('/account/profile')}`)
    const { browser } = await signedIn(email)
    const cookie = `${SESSION_COOKIES.customer}=${browser.cookies.get(SESSION_COOKIES.customer)}`
    for (const path of ['/account', '/account/profile', '/account/delete', '/account/card']) {
      const page = await getWithHost('fashionhub.localhost', path, cookie)
      expect(page.status, path).toBe(200)
      expect(page.text, path).not.toContain('/s/fashionhub')
    }
    const profile = await getWithHost('fashionhub.localhost', '/account/profile', cookie)
    expect(profile.text).toContain('action="/account/profile"')
    expect(profile.text).toContain('href="/account/export"')
    const remove = await getWithHost('fashionhub.localhost', '/account/delete', cookie)
    expect(remove.text).toContain('action="/account/delete"')
  })
})
