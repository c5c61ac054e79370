import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ParsedMail } from 'mailparser'
import type { Runner } from 'graphile-worker'
import type { Language } from '../../../shared/languages.ts'
import { loadConfig, type Config } from '../../config.ts'
import { createLogger } from '../../logger.ts'
import { jobHandlers } from '../../jobs/handlers.ts'
import { startWorker } from '../../jobs/worker.ts'
import { enrollCustomer } from '../../loyalty/commands/enroll-customer.ts'
import { earnPoints } from '../../loyalty/commands/earn-points.ts'
import { buildMerchant, type BuiltMerchant } from '../../test/factories.ts'
import { useTestDatabase } from '../../test/test-database.ts'
import { startTestSmtpServer, type TestSmtpServer } from '../../test/test-smtp-server.ts'
import { seedEmailTemplates } from '../email-templates.ts'
import { emailBranding, emailLinks } from '../render-email.ts'
import { queuePointsExpiringEmails } from './points-expiring.ts'
import { queueRewardReadyEmails } from './reward-ready.ts'

// The email triggers end to end: the real commands and sweeps, the real worker running the
// email:send job, a real SMTP server (smtp-server) receiving, mailparser reading.

const db = useTestDatabase()
const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent')
const DOMAIN = 'triggers-hub.lu'
let server: TestSmtpServer
let worker: Runner
let merchant: BuiltMerchant
let config: Config

beforeAll(async () => {
  await seedEmailTemplates(db.knex)
  server = await startTestSmtpServer({})
  merchant = await buildMerchant(db.knex, {
    programme: { welcome_bonus: 20, expiry_months: 12 },
  })
  await db.knex('stores').where('id', merchant.storeIds[0]).update({
    name: 'TriggersHub',
    custom_domain: DOMAIN,
  })
  await db.knex('stores').where('id', merchant.storeIds[1]).update({ default_language: 'fr' })
  await db
    .knex('rewards')
    .where('id', merchant.rewardIds[0])
    .update({
      name: { en: 'Free coffee', fr: 'Café offert', de: 'Gratis Kaffee', lb: 'Gratis Kaffi' },
    })
  worker = await startWorker({
    connectionString: db.url,
    db: db.knex,
    log,
    config: (config = loadConfig({
      BASE_URL: 'https://rewardflow.test',
      HOST_ROUTING: 'true',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(server.port),
      SMTP_SECURE: 'none',
      EMAIL_FROM: 'RewardFlow <no-reply@rewardflow.test>',
      DATA_DIR: '/tmp/rewardflow-email-triggers-test',
    })),
    concurrency: 2,
    pollInterval: 100,
    handlers: jobHandlers,
  })
})
afterAll(async () => {
  await worker?.stop()
  await server?.close()
})

let counter = 0
const address = (label: string) => `${label}-${++counter}@example.lu`

const enroll = (
  email: string,
  options: { language?: Language; store?: 0 | 1; clientId?: string; consent?: boolean } = {},
) =>
  enrollCustomer(db.knex, {
    merchantId: merchant.merchantId,
    storeCode: merchant.storeCodes[options.store ?? 0],
    clientId: options.clientId ?? randomUUID(),
    email,
    name: 'Zoé Weber',
    preferredLanguage: options.language,
    marketingConsent: options.consent ?? true,
    actor: merchant.actor,
  })

const earn = (cardNumber: string, amountCents: number) =>
  earnPoints(db.knex, {
    merchantId: merchant.merchantId,
    cardNumber,
    storeCode: merchant.storeCodes[0],
    clientId: randomUUID(),
    amountCents,
    actor: merchant.actor,
  })

const rowsTo = (to: string) =>
  db.knex('outbound_emails').where('to_address', to).orderBy(['created_at', 'template']).select()

const mailsTo = (to: string) =>
  server.messages.filter((m) => !Array.isArray(m.to) && m.to?.text === to)

/** Waits until `to` has received `count` messages, then a little longer to catch extra ones. */
const received = async (to: string, count: number): Promise<ParsedMail[]> => {
  const deadline = Date.now() + 15_000
  while (mailsTo(to).length < count) {
    if (Date.now() > deadline) throw new Error(`${to}: ${mailsTo(to).length} of ${count}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await new Promise((resolve) => setTimeout(resolve, 500))
  return mailsTo(to)
}

const hrefs = (mail: ParsedMail) =>
  [...String(mail.html).matchAll(/href="([^"]+)"/g)].map((match) => match[1]!)

describe('enrollment from the kiosk or the API (the enroll command)', () => {
  it('sends one enrollment and one welcome-bonus email, in the customer’s language, linking to the store’s canonical URL', async () => {
    const to = address('kiosk')
    const clientId = randomUUID()
    const enrollment = await enroll(to, { language: 'de', clientId })
    expect(enrollment.alreadyMember).toBe(false)
    const mails = await received(to, 2)
    expect(mails.map((m) => m.subject).sort()).toEqual([
      'Ihr Willkommensgeschenk von TriggersHub',
      'Willkommen bei TriggersHub: Ihre Kundenkarte',
    ])
    for (const mail of mails) {
      expect(mail.html).toContain('<html lang="de">')
      expect(hrefs(mail).length).toBeGreaterThan(0)
      for (const href of hrefs(mail)) expect(href.startsWith(`https://${DOMAIN}/`)).toBe(true)
    }
    const welcome = mails.find((m) => m.subject!.startsWith('Willkommen'))!
    expect(hrefs(welcome)).toContain(`https://${DOMAIN}/account`)
    expect(welcome.attachments.map((a) => a.cid)).toEqual(['card-qr@rewardflow'])
    const rows = await rowsTo(to)
    // The QR encodes the card's URL, built by the job at the store's canonical URL.
    const { storeUrls, storefront_url } = await emailBranding(db.knex, config, rows[0])
    expect(emailLinks('enrollment', storeUrls, storefront_url, rows[0].variables)).toEqual({
      card_url: `https://${DOMAIN}/c/${enrollment.card.number}`,
      account_url: `https://${DOMAIN}/account`,
      // The Apple pass download (signed-in); no Google Wallet issuer in this test: no link.
      apple_wallet_url: `https://${DOMAIN}/account/card.pkpass`,
      google_wallet_url: '',
    })
    expect(rows.map((r) => [r.template, r.status, r.language])).toEqual([
      ['enrollment', 'sent', 'de'],
      ['welcome_bonus', 'sent', 'de'],
    ])
    expect(rows[0].idempotency_key).toBe(`enrollment:${enrollment.card.id}`)

    // Enrolling again (another store, the replayed kiosk operation): no second email.
    expect((await enroll(to, { store: 1 })).alreadyMember).toBe(true)
    expect((await enroll(to, { language: 'de', clientId })).duplicate).toBe(true)
    expect(await received(to, 2)).toHaveLength(2)
    expect(await rowsTo(to)).toHaveLength(2)
  })

  it('writes to a customer without a preference in the store’s language, and sends no welcome-bonus email without a bonus', async () => {
    await db.knex('programmes').where('id', merchant.programmeId).update({ welcome_bonus: 0 })
    try {
      const to = address('api')
      // The API enrolls without a language: the customer gets the store's (fr).
      await enroll(to, { store: 1 })
      const [mail] = await received(to, 1)
      expect(mail!.subject).toMatch(/^Bienvenue chez OUTLET/)
      expect((await rowsTo(to)).map((r) => r.template)).toEqual(['enrollment'])
    } finally {
      await db.knex('programmes').where('id', merchant.programmeId).update({ welcome_bonus: 20 })
    }
  })
})

describe('reward ready (the ledger sweep)', () => {
  it('sends one email when a balance crosses a reward’s cost, none on a rerun or an earning that crosses nothing', async () => {
    const sweep = () => queueRewardReadyEmails(db.knex, { lagSeconds: 0 })
    await sweep() // starts the cursor: no email for what happened before the sweep existed
    const to = address('reward')
    const { card } = await enroll(to, { language: 'fr' }) // 20 welcome points
    const silent = address('no-consent')
    const quiet = await enroll(silent, { language: 'fr', consent: false })
    await received(to, 2)

    await earn(card.number, 9_000) // 20 → 110: crosses 100
    await earn(quiet.card.number, 9_000)
    expect(await sweep()).toMatchObject({ crossings: 1, queued: 1 })
    expect((await sweep()).queued).toBe(0)
    const mails = await received(to, 3)
    const ready = mails.find((m) => m.subject === 'Votre récompense vous attend chez TriggersHub')
    expect(ready, mails.map((m) => m.subject).join(' | ')).toBeDefined()
    expect(ready!.text).toContain('Café offert')
    expect(hrefs(ready!)).toContain(`https://${DOMAIN}/account`)
    expect(await rowsTo(to)).toHaveLength(3)

    await earn(card.number, 1_000) // 110 → 120: crosses nothing
    expect((await sweep()).queued).toBe(0)
    await earn(card.number, 14_000) // 120 → 260: crosses 250
    expect(await sweep()).toMatchObject({ queued: 1 })
    const rows = await rowsTo(to)
    expect(rows.filter((r) => r.template === 'reward_ready')).toHaveLength(2)
    await received(to, 4)
    // The customer without marketing consent is not sent reward news.
    expect(await rowsTo(silent)).toHaveLength(2)
  })

  it('skips an anonymized customer', async () => {
    const sweep = () => queueRewardReadyEmails(db.knex, { lagSeconds: 0 })
    const to = address('gone')
    const { card, customer } = await enroll(to)
    await sweep()
    await db
      .knex('customers')
      .where('id', customer.id)
      .update({ email: null, name: null, anonymized_at: db.knex.fn.now() })
    await earn(card.number, 20_000)
    expect((await sweep()).queued).toBe(0)
  })
})

describe('points expiring (the daily warning)', () => {
  const inactiveFor = async (cardId: string, days: number) =>
    db
      .knex('cards')
      .where('id', cardId)
      .update({ last_activity_at: db.knex.raw(`now() - make_interval(days => ?)`, [days]) })

  it('warns once per card and expiry date, in the customer’s language, 30 days ahead', async () => {
    const to = address('expiring')
    const later = address('later')
    const gone = address('anonymized')
    const { card } = await enroll(to, { language: 'lb' })
    const second = await enroll(later, { language: 'lb' })
    const third = await enroll(gone)
    await received(to, 2)
    // 12 months of inactivity expire the points: 345 days inactive → about 20 days left.
    await inactiveFor(card.id, 345)
    await inactiveFor(second.card.id, 300) // about 65 days left: not yet
    await inactiveFor(third.card.id, 345)
    await db
      .knex('customers')
      .where('id', third.customer.id)
      .update({ email: null, name: null, anonymized_at: db.knex.fn.now() })

    const run = await queuePointsExpiringEmails(db.knex)
    expect(run.queued).toBeGreaterThanOrEqual(1)
    expect((await queuePointsExpiringEmails(db.knex)).queued).toBe(0)
    const mails = await received(to, 3)
    const expiring = (await rowsTo(to)).filter((r) => r.template === 'points_expiring')
    expect(expiring).toHaveLength(1)
    expect(expiring[0]).toMatchObject({ language: 'lb', status: 'sent' })
    expect(expiring[0].variables).toMatchObject({ points: 20, store_name: 'TriggersHub' })
    expect(expiring[0].variables.expiry_date).toMatch(/^[0-9]{1,2}\. [A-ZÄËÉ][a-zäëé]+ 20[0-9]{2}$/)
    expect(expiring[0].idempotency_key).toMatch(
      new RegExp(`^points_expiring:${card.id}:20[0-9]{2}-[0-9]{2}-[0-9]{2}$`),
    )
    const date = expiring[0].variables.expiry_date as string
    const warning = mails.find(
      (m) => m.subject === `Är 20 Punkten bei TriggersHub verfalen den ${date}`,
    )
    expect(warning, mails.map((m) => m.subject).join(' | ')).toBeDefined()
    expect(warning!.html).toContain('<html lang="lb">')
    expect(hrefs(warning!)).toContain(`https://${DOMAIN}/account`)
    expect((await rowsTo(later)).map((r) => r.template)).not.toContain('points_expiring')
    expect(await rowsTo(gone)).toHaveLength(2)
  })
})
