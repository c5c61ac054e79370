import { simpleParser } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Runner } from 'graphile-worker'
import { loadConfig } from '../config.ts'
import { createLogger } from '../logger.ts'
import { jobHandlers } from '../jobs/handlers.ts'
import { startWorker } from '../jobs/worker.ts'
import { seedDemoData } from '../seed/demo-seed.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { TestBrowser } from '../test/test-web-app.ts'
import { seedEmailTemplates } from './email-templates.ts'
import { listMailboxMessages, readMailboxMessage } from './mailbox/mailbox.ts'
import { startLocalMailbox, type LocalMailbox } from './mailbox/local-mailbox.ts'

// The embedded default end to end: a customer joins on the storefront (the real app), the
// worker sends the enrollment email over SMTP to RewardFlow's own local mailbox (no SMTP_HOST),
// and the admin's mailbox holds exactly one enrollment email, in the customer's language, and
// one welcome-bonus email (the demo programme credits 50 points): one email per event.

const db = useTestDatabase()
const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent')
let app: TestApp
let mailbox: LocalMailbox
let worker: Runner

beforeAll(async () => {
  await seedDemoData(db.knex)
  await seedEmailTemplates(db.knex)
  mailbox = await startLocalMailbox(db.knex, log)
  app = await startTestApp(db.knex)
  worker = await startWorker({
    connectionString: db.url,
    db: db.knex,
    log,
    config: loadConfig({ BASE_URL: 'http://localhost', DATABASE_URL: undefined }),
    concurrency: 2,
    pollInterval: 100,
    handlers: jobHandlers,
  })
})
afterAll(async () => {
  await worker?.stop()
  await app?.close()
  await mailbox?.stop()
})

const messagesTo = async (address: string) =>
  (await listMailboxMessages(db.knex, { search: address })).messages

const waitForMessages = async (address: string, count: number) => {
  const deadline = Date.now() + 15_000
  for (;;) {
    const messages = await messagesTo(address)
    if (messages.length >= count) return messages
    if (Date.now() > deadline) throw new Error(`${address}: ${messages.length} of ${count}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const join = async (email: string, language: string) => {
  const browser = new TestBrowser(`${app.url}/s/fashionhub`, { 'accept-language': language })
  await browser.get('/join')
  const joined = await browser.post('/join', {
    email,
    name: 'Zoé Lëtzebuerger',
    birthday_day: '3',
    birthday_month: '9',
    birthday_year: '1988',
    terms: 'yes',
  })
  expect(joined.status).toBe(303)
}

describe('joining on the storefront with the embedded default', () => {
  it('sends exactly one enrollment email, in the customer’s language, to the local mailbox', async () => {
    await join('zoe.email@example.lu', 'fr')
    const received = await waitForMessages('zoe.email@example.lu', 2)
    expect(received.map((m) => m.subject).sort()).toEqual([
      'Bienvenue chez FashionHub : votre carte de fidélité',
      'Votre cadeau de bienvenue de FashionHub',
    ])
    const summary = received.find((m) => m.subject.startsWith('Bienvenue'))
    expect(summary).toMatchObject({
      rcptTo: ['zoe.email@example.lu'],
      subject: 'Bienvenue chez FashionHub : votre carte de fidélité',
    })
    const message = (await readMailboxMessage(db.knex, summary!.id))!
    const mail = await simpleParser(message.raw, { keepCidLinks: true })
    expect(mail.subject).toBe('Bienvenue chez FashionHub : votre carte de fidélité')
    expect(mail.text).toContain('Bienvenue, Zoé Lëtzebuerger !')
    expect(mail.html).toContain('<html lang="fr">')
    expect(mail.html).toContain('src="cid:card-qr@rewardflow"')
    expect(mail.attachments).toEqual([
      expect.objectContaining({
        cid: 'card-qr@rewardflow',
        contentType: 'image/png',
        contentDisposition: 'inline',
      }),
    ])
    // The storefront link of the layout is the store's canonical URL (BASE_URL/s/<code> here).
    expect(mail.html).toContain('href="http://localhost/s/fashionhub/"')
    expect(message.attachments[0]).toMatchObject({ contentId: 'card-qr@rewardflow' })

    const row = await db
      .knex('outbound_emails')
      .where({ to_address: 'zoe.email@example.lu', template: 'enrollment' })
    expect(row).toHaveLength(1)
    expect(row[0]).toMatchObject({ status: 'sent', attempts: 1, language: 'fr' })
    expect(row[0].smtp_response).toMatch(/^250 .*Stored in the RewardFlow mailbox/)

    const bonus = await db
      .knex('outbound_emails')
      .where({ to_address: 'zoe.email@example.lu', template: 'welcome_bonus' })
    expect(bonus).toHaveLength(1)
    expect(bonus[0]).toMatchObject({ status: 'sent', language: 'fr' })

    // Joining again is "already a member": no second email of either kind.
    await join('zoe.email@example.lu', 'de')
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect(await messagesTo('zoe.email@example.lu')).toHaveLength(2)
    expect(
      await db.knex('outbound_emails').where({ to_address: 'zoe.email@example.lu' }),
    ).toHaveLength(2)
  })
})
