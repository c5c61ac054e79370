import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../shared/languages.ts'
import { loadConfig } from '../config.ts'
import { translator } from '../i18n/i18n.ts'
import { systemActor } from '../auth/actor.ts'
import { DEMO, DEMO_LOGINS, seedDemoData } from '../seed/demo-seed.ts'
import { enrollCustomer } from '../loyalty/commands/enroll-customer.ts'
import { earnPoints } from '../loyalty/commands/earn-points.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { TestBrowser } from '../test/test-web-app.ts'
import { rawKeysIn } from '../test/raw-keys.ts'
import { runQueuedJobs } from '../test/queued-jobs.ts'
import { startWebhookReceiver, type WebhookReceiver } from '../test/webhook-receiver.ts'
import { checkedAddress, isForbiddenAddress } from './address-guard.ts'
import { deliverWebhook } from './deliver-webhook.ts'
import { postWebhook } from './post-webhook.ts'

// Webhooks end to end on the real app and a real receiver over HTTP: the owner adds an endpoint
// (its secret shown once), a movement and an enrolment queue deliveries in their transactions,
// the receiver verifies the signature, a 500 is retried, the log shows each attempt and replays;
// 24 hours of failures disable the endpoint with one email; private addresses are refused.

const db = useTestDatabase()
const config = loadConfig({
  ...process.env,
  BASE_URL: 'http://localhost',
  DATABASE_URL: undefined,
  WEBHOOKS_ALLOW_PRIVATE: 'true',
})
const { merchantId } = DEMO.fashion
let app: TestApp
let receiver: WebhookReceiver
let secret = ''
/** The receiver's answers, in order; then 200. */
const answers: number[] = []

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex, { WEBHOOKS_ALLOW_PRIVATE: 'true' })
  receiver = await startWebhookReceiver(
    () => secret,
    () => answers.shift() ?? 200,
  )
})
afterAll(async () => {
  await app.close()
  await receiver.close()
})

const t = translator('en', 'webhooks')

const ownerBrowser = async () => {
  const b = new TestBrowser(app.url, { 'accept-language': 'en' })
  await b.get('/merchant/login')
  expect((await b.post('/merchant/login', DEMO_LOGINS.fashionOwner)).status).toBe(303)
  await b.post('/merchant/language', { language: 'en' })
  return b
}

/** Runs the queued delivery jobs once each, as the worker's first attempt. */
const deliverQueued = () =>
  runQueuedJobs(db.knex, 'webhooks:deliver', (job) => deliverWebhook({ db: db.knex, config }, job))

describe('webhooks', () => {
  it('signs each event of a subscribed endpoint, retries a 500, logs every attempt and replays', async () => {
    const owner = await ownerBrowser()
    const refused = await owner.post('/merchant/webhooks', { url: 'ftp://example.com' })
    expect(refused.status).toBe(422)
    expect(refused.text).toContain(t('errors.url'))
    expect(refused.text).toContain(t('errors.events'))
    expect(refused.text).toContain('value="ftp://example.com"')
    expect(await db.knex('webhook_endpoints')).toHaveLength(0)

    const created = await owner.post('/merchant/webhooks', {
      url: receiver.url,
      events: ['card.enrolled', 'ledger.entry_created'],
    })
    expect(created.status).toBe(201)
    secret = /data-webhook-secret="true">(whsec_[A-Za-z0-9_-]+)</.exec(created.text)?.[1] ?? ''
    expect(secret).not.toBe('')
    const endpoint = await db.knex('webhook_endpoints').first()
    expect(JSON.stringify(endpoint)).not.toContain(secret.slice(6))
    expect((await owner.get('/merchant/webhooks')).text).not.toContain(secret)

    // An enrolment (with its welcome bonus: a ledger entry) and an earning.
    const enrolment = await enrollCustomer(db.knex, {
      merchantId,
      storeCode: 'FASHIONHUB',
      clientId: randomUUID(),
      email: 'hook@example.test',
      name: 'Hook Member',
      sendEmails: false,
      actor: systemActor(merchantId),
    })
    answers.push(500)
    await earnPoints(db.knex, {
      merchantId,
      cardNumber: enrolment.card.number,
      storeCode: 'FASHIONHUB',
      clientId: randomUUID(),
      amountCents: 2500,
      actor: systemActor(merchantId),
    })
    const deliveries = await db.knex('webhook_deliveries').orderBy('created_at').select()
    expect(deliveries.map((d) => d.event).sort()).toEqual(
      ['card.enrolled', 'ledger.entry_created', 'ledger.entry_created'].sort(),
    )
    expect(await deliverQueued()).toBe(3)
    // The first request got a 500: its delivery is pending, retried, then delivered.
    const failed = await db.knex('webhook_deliveries').where('status', 'pending')
    expect(failed).toHaveLength(1)
    expect(
      await deliverWebhook({ db: db.knex, config }, { deliveryId: failed[0].id, merchantId }),
    ).toBe('succeeded')
    expect(receiver.received).toHaveLength(4)
    expect(receiver.received.every((r) => r.verified)).toBe(true)
    expect(receiver.processed.sort()).toEqual(deliveries.map((d) => d.id).sort())
    const earned = receiver.received
      .map((r) => JSON.parse(r.body))
      .find((b) => b.data.type === 'earn')
    expect(earned).toMatchObject({
      event: 'ledger.entry_created',
      data: { card_number: enrolment.card.number, amount_cents: 2500, type: 'earn' },
    })
    expect(Object.keys(earned)).toEqual(['id', 'event', 'created_at', 'data'])

    // The log: both attempts of the retried delivery, the 500's answer cut short.
    const log = await owner.get(`/merchant/webhooks/${endpoint.id}`)
    expect(log.status).toBe(200)
    const row = new RegExp(`<tr data-delivery="${failed[0].id}".*?</tr>`, 's').exec(log.text)![0]
    expect(row).toContain(t('http_status', { status: 500 }))
    expect(row).toContain(t('http_status', { status: 200 }))
    const attempt = await db.knex('webhook_attempts').where('status_code', 500).first()
    expect(attempt.response_excerpt).toHaveLength(500)

    // Replay: the same body and delivery id, logged as a replay.
    expect(
      (await owner.post(`/merchant/webhooks/${endpoint.id}/replay`, { delivery: failed[0].id }))
        .status,
    ).toBe(303)
    expect(await deliverQueued()).toBe(1)
    const replayed = receiver.received.at(-1)!
    expect(replayed.deliveryId).toBe(failed[0].id)
    expect(replayed.body).toBe(receiver.received.find((r) => r.deliveryId === failed[0].id)!.body)
    expect(
      await db.knex('webhook_attempts').where({ delivery_id: failed[0].id, replay: true }),
    ).toHaveLength(1)
    expect(receiver.processed).toHaveLength(3)

    // Every language: no raw key on either page.
    for (const language of LANGUAGES) {
      await owner.post('/merchant/language', { language })
      for (const path of ['/merchant/webhooks', `/merchant/webhooks/${endpoint.id}`]) {
        const page = await owner.get(path)
        expect(page.text).toContain(`<html lang="${language}"`)
        expect(rawKeysIn(page.text), `${path} ${language}`).toEqual([])
      }
    }
  }, 90_000)

  it('disables an endpoint failing for 24 hours and emails its owner once', async () => {
    const endpoint = await db.knex('webhook_endpoints').first('id')
    // Two new deliveries, failing since yesterday (the stored first failure moved back).
    const ids = []
    for (let i = 0; i < 2; i++) {
      const [row] = await db
        .knex('webhook_deliveries')
        .insert({
          merchant_id: merchantId,
          endpoint_id: endpoint.id,
          event: 'ledger.entry_created',
          data: {},
          first_failed_at: db.knex.raw(`now() - interval '25 hours'`),
        })
        .returning('id')
      ids.push(row.id as string)
    }
    await db
      .knex('webhook_endpoints')
      .where('id', endpoint.id)
      .update({ failing_since: db.knex.raw(`now() - interval '25 hours'`) })
    answers.push(503, 503)
    const outcomes = await Promise.all(
      ids.map((deliveryId) => deliverWebhook({ db: db.knex, config }, { deliveryId, merchantId })),
    )
    expect(outcomes).toEqual(['failed', 'failed'])
    expect(await db.knex('webhook_endpoints').where('id', endpoint.id).first('active')).toEqual({
      active: false,
    })
    const emails = await db.knex('outbound_emails').where('template', 'webhook_disabled')
    expect(emails.map((e) => e.to_address)).toEqual([DEMO_LOGINS.fashionOwner.email])
    expect(await db.knex('audit_log').where('action', 'webhook_endpoint.disable')).toHaveLength(1)
  })

  it('refuses private, loopback, link-local, unique-local and mapped addresses, and redirects', async () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '169.254.169.254',
      '::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
      '224.0.0.1',
    ])
      expect(isForbiddenAddress(address), address).toBe(true)
    expect(isForbiddenAddress('93.184.215.14')).toBe(false)
    expect(isForbiddenAddress('2606:2800:21f:cb07:6820:80da:af6b:8b2c')).toBe(false)
    const guarded = { allowPrivate: false }
    for (const url of [
      'http://127.0.0.1/x',
      'http://10.0.0.8/x',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/x',
      'http://[fd00::1]/x',
      'http://[::ffff:127.0.0.1]/x',
      'http://localhost/x',
      receiver.url,
    ]) {
      const outcome = await postWebhook(url, '{}', {}, guarded)
      expect(outcome.succeeded, url).toBe(false)
      expect(outcome.error, url).toMatch(/^refused/)
    }
    await expect(checkedAddress('localhost', guarded)).rejects.toThrow(/refused/)
    const before = receiver.received.length
    // A redirect is a failure, not followed.
    answers.push(302)
    const redirected = await postWebhook(receiver.url, '{}', {}, { allowPrivate: true })
    expect(redirected).toMatchObject({
      succeeded: false,
      statusCode: 302,
      error: 'redirect not followed',
    })
    expect(receiver.received).toHaveLength(before + 1)
  })
})
