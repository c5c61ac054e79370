import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { apiKeyOf, buildMerchant, type BuiltMerchant } from '../test/factories.ts'
import { startTestApp, type JsonBody, type TestApp } from '../test/test-app.ts'
import { runQueuedJobs } from '../test/queued-jobs.ts'
import { startWebhookReceiver, type WebhookReceiver } from '../test/webhook-receiver.ts'
import { deliverWebhook } from './deliver-webhook.ts'
import { createMerchantUser } from '../accounts/commands/create-merchant-user.ts'
import { translator } from '../i18n/i18n.ts'
import { signInMerchant } from '../test/merchant-sign-in.ts'

// /api/v1/webhooks over real HTTP with merchants' keys, a real receiver and the real delivery
// job: the secret appears in the creation's answer only, bad URLs and events are field errors,
// a PATCH edits from its version, deliveries are paged with their attempts, a replay queues
// one delivery, every change is audited, and another merchant's key sees and changes nothing.

const db = useTestDatabase()
const config = loadConfig({
  ...process.env,
  BASE_URL: 'http://localhost',
  DATABASE_URL: undefined,
  WEBHOOKS_ALLOW_PRIVATE: 'true',
})
let app: TestApp
let receiver: WebhookReceiver
let merchant: BuiltMerchant
let token: string
let other: BuiltMerchant
let otherToken: string
let secret = ''

beforeAll(async () => {
  app = await startTestApp(db.knex, { WEBHOOKS_ALLOW_PRIVATE: 'true' })
  receiver = await startWebhookReceiver(
    () => secret,
    (index) => (index === 0 ? 500 : 200),
  )
  merchant = await buildMerchant(db.knex)
  token = await apiKeyOf(db.knex, merchant)
  other = await buildMerchant(db.knex)
  otherToken = await apiKeyOf(db.knex, other)
})
afterAll(async () => {
  await app.close()
  await receiver.close()
})

const deliverQueued = () =>
  runQueuedJobs(db.knex, 'webhooks:deliver', (job) => deliverWebhook({ db: db.knex, config }, job))

const enrol = () =>
  app.request('POST', '/api/v1/enrollments', {
    token,
    body: {
      client_id: randomUUID(),
      store_code: merchant.storeCodes[0],
      email: `hook-${randomUUID().slice(0, 8)}@example.lu`,
      name: 'Hook Member',
    },
  })

const fieldsOf = (body: JsonBody) =>
  (body.error.details.fields as { path: string; code: string }[])
    .map((f) => `${f.path}:${f.code}`)
    .sort()

describe('webhooks API', () => {
  it('creates an endpoint whose secret is answered once, lists and reads it without it', async () => {
    const created = await app.request('POST', '/api/v1/webhooks', {
      token,
      body: { url: receiver.url, events: ['card.enrolled'] },
    })
    expect(created.status).toBe(201)
    secret = created.body.data.secret
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/)
    expect(created.body.data).toMatchObject({
      url: receiver.url,
      events: ['card.enrolled'],
      secret_prefix: secret.slice(0, 12),
      active: true,
      failing_since: null,
      disabled_at: null,
      recent: { succeeded: 0, failed: 0, pending: 0 },
      version: 1,
    })
    const id = created.body.data.id as string

    const list = await app.request('GET', '/api/v1/webhooks', { token })
    expect(list.status).toBe(200)
    expect(list.body.data.map((e: { id: string }) => e.id)).toEqual([id])
    const one = await app.request('GET', `/api/v1/webhooks/${id}`, { token })
    expect(one.status).toBe(200)
    expect(one.body.data).toEqual({ ...created.body.data, secret: undefined })
    for (const answer of [list, one]) expect(JSON.stringify(answer.body)).not.toContain(secret)
    const stored = await db.knex('webhook_endpoints').where('id', id).first()
    expect(JSON.stringify(stored)).not.toContain(secret.slice(12))

    const audit = await db
      .knex('audit_log')
      .where({ subject_id: id })
      .first('action', 'actor_type', 'data')
    expect(audit).toMatchObject({ action: 'webhook_endpoint.create', actor_type: 'api_key' })
    expect(JSON.stringify(audit.data)).not.toContain(secret.slice(12))
  })

  it("refuses a bad URL or events as field errors, and lists each one's problem", async () => {
    const bad = await app.request('POST', '/api/v1/webhooks', {
      token,
      body: { url: 'ftp://example.com/hook', events: ['card.enrolled'] },
    })
    expect(bad.status).toBe(422)
    expect(bad.body.error.code).toBe('VALIDATION_FAILED')
    expect(fieldsOf(bad.body)).toEqual(['url:invalid'])
    for (const url of ['not a url', 'https://user:pw@example.com/hook', 'https://'])
      expect(
        fieldsOf(
          (
            await app.request('POST', '/api/v1/webhooks', {
              token,
              body: { url, events: ['card.enrolled'] },
            })
          ).body,
        ),
      ).toEqual(['url:invalid'])
    const events = await app.request('POST', '/api/v1/webhooks', {
      token,
      body: { url: 'https://example.com/hook', events: ['card.exploded'] },
    })
    expect(events.status).toBe(422)
    expect(fieldsOf(events.body)[0]).toMatch(/^body\.events/)
    const none = await app.request('POST', '/api/v1/webhooks', {
      token,
      body: { url: 'https://example.com/hook', events: [] },
    })
    expect(fieldsOf(none.body)[0]).toMatch(/^body\.events/)
    const extra = await app.request('POST', '/api/v1/webhooks', {
      token,
      body: { url: 'https://example.com/hook', events: ['card.enrolled'], secret: 'mine' },
    })
    expect(extra.status).toBe(422)
    expect(
      (await db.knex('webhook_endpoints').where('merchant_id', merchant.merchantId)).length,
    ).toBe(1)
  })

  it('refuses plain http in production (https_required)', async () => {
    const production = await startTestApp(db.knex, {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://unused.invalid/rewardflow',
      SESSION_SECRET: 'x'.repeat(32),
      EMAIL_SETTINGS_KEY: 'a'.repeat(64),
    })
    try {
      const plain = await production.request('POST', '/api/v1/webhooks', {
        token,
        body: { url: 'http://example.com/hook', events: ['card.enrolled'] },
      })
      expect(plain.status).toBe(422)
      expect(fieldsOf(plain.body)).toEqual(['url:https_required'])
    } finally {
      await production.close()
    }
  })

  it('refuses an address on a private or local network when saved, on the API and the page', async () => {
    // The app as shipped: WEBHOOKS_ALLOW_PRIVATE off.
    const guarded = await startTestApp(db.knex)
    try {
      for (const url of [
        'http://127.0.0.1:8080/hook',
        'https://[::1]/hook',
        'http://169.254.169.254/latest/meta-data',
        'https://10.1.2.3/hook',
        'https://[::ffff:192.168.1.1]/hook',
        'https://localhost/hook',
        'https://api.localhost/hook',
      ]) {
        const refused = await guarded.request('POST', '/api/v1/webhooks', {
          token,
          body: { url, events: ['card.enrolled'] },
        })
        expect({ url, status: refused.status }).toEqual({ url, status: 422 })
        expect(fieldsOf(refused.body)).toEqual(['url:private_address'])
      }
      const [endpoint] = (await guarded.request('GET', '/api/v1/webhooks', { token })).body.data
      const patched = await guarded.request('PATCH', `/api/v1/webhooks/${endpoint.id}`, {
        token,
        body: { version: endpoint.version, url: 'http://192.168.0.10/hook' },
      })
      expect(fieldsOf(patched.body)).toEqual(['url:private_address'])

      // The page gives the same refusal in the owner's language.
      const email = `owner-${randomUUID().slice(0, 8)}@example.lu`
      await createMerchantUser(db.knex, {
        merchantId: merchant.merchantId,
        email,
        name: 'Odile Owner',
        role: 'owner',
        password: 'a long owner password',
        passwordCost: 10,
        preferredLanguage: 'fr',
      })
      const owner = await signInMerchant(guarded.url, email, 'a long owner password', 'fr')
      await owner.post('/merchant/language', { language: 'fr', next: '/merchant/webhooks' })
      const page = await owner.post('/merchant/webhooks', {
        url: 'http://127.0.0.1/hook',
        events: ['card.enrolled'],
      })
      expect(page.status).toBe(422)
      expect(page.text).toContain(translator('fr', 'webhooks')('errors.private_address'))
    } finally {
      await guarded.close()
    }
    expect(
      await db.knex('webhook_endpoints').where('merchant_id', merchant.merchantId),
    ).toHaveLength(1)
  })

  it('edits an endpoint partially from its version and refuses a stale one', async () => {
    const [endpoint] = (await app.request('GET', '/api/v1/webhooks', { token })).body.data
    const off = await app.request('PATCH', `/api/v1/webhooks/${endpoint.id}`, {
      token,
      body: { version: 1, active: false },
    })
    expect(off.status).toBe(200)
    expect(off.body.data).toMatchObject({
      url: endpoint.url,
      events: ['card.enrolled'],
      active: false,
      version: 2,
    })
    const stale = await app.request('PATCH', `/api/v1/webhooks/${endpoint.id}`, {
      token,
      body: { version: 1, active: true },
    })
    expect(stale.status).toBe(409)
    expect(stale.body.error).toMatchObject({
      code: 'EDIT_CONFLICT',
      details: { subject: 'webhook_endpoint', id: endpoint.id, version: 1, current_version: 2 },
    })
    const badUrl = await app.request('PATCH', `/api/v1/webhooks/${endpoint.id}`, {
      token,
      body: { version: 2, url: 'javascript:alert(1)' },
    })
    expect(badUrl.status).toBe(422)
    expect(fieldsOf(badUrl.body)).toEqual(['url:invalid'])
    const on = await app.request('PATCH', `/api/v1/webhooks/${endpoint.id}`, {
      token,
      body: { version: 2, active: true, events: ['card.enrolled', 'ledger.entry_created'] },
    })
    expect(on.body.data).toMatchObject({
      active: true,
      events: ['card.enrolled', 'ledger.entry_created'],
      version: 3,
    })
    const missing = await app.request('PATCH', `/api/v1/webhooks/${randomUUID()}`, {
      token,
      body: { version: 1, active: false },
    })
    expect(missing.status).toBe(404)
    const actions = await db
      .knex('audit_log')
      .where({ subject_id: endpoint.id })
      .orderBy('created_at')
      .pluck('action')
    expect(actions).toEqual([
      'webhook_endpoint.create',
      'webhook_endpoint.update',
      'webhook_endpoint.update',
    ])
  })

  it('pages the deliveries with their attempts, filters by status, and replays one', async () => {
    const [endpoint] = (await app.request('GET', '/api/v1/webhooks', { token })).body.data
    for (let i = 0; i < 3; i++) expect((await enrol()).status).toBe(201)
    // Three enrolments (card.enrolled; no welcome bonus, so no ledger entry) — the receiver
    // answers the first request with a 500.
    expect(await deliverQueued()).toBe(3)

    const path = `/api/v1/webhooks/${endpoint.id}/deliveries`
    const first = await app.request('GET', `${path}?per_page=2`, { token })
    expect(first.status).toBe(200)
    expect(first.body.meta).toEqual({ page: 1, per_page: 2, total: 3, total_pages: 2 })
    expect(first.body.data).toHaveLength(2)
    const second = await app.request('GET', `${path}?per_page=2&page=2`, { token })
    expect(second.body.data).toHaveLength(1)
    const all = [...first.body.data, ...second.body.data]
    expect(new Set(all.map((d: { id: string }) => d.id)).size).toBe(3)
    expect(all.every((d: { event: string }) => d.event === 'card.enrolled')).toBe(true)

    const pending = await app.request('GET', `${path}?status=pending`, { token })
    expect(pending.body.meta.total).toBe(1)
    const [retried] = pending.body.data
    expect(retried.attempts).toEqual([
      {
        attempted_at: expect.any(String),
        duration_ms: expect.any(Number),
        status_code: 500,
        error: 'HTTP 500',
        response_excerpt: expect.any(String),
        succeeded: false,
        replay: false,
      },
    ])
    const succeeded = await app.request('GET', `${path}?status=succeeded`, { token })
    expect(succeeded.body.meta.total).toBe(2)
    expect(succeeded.body.data[0].attempts[0]).toMatchObject({ status_code: 200, succeeded: true })
    const badStatus = await app.request('GET', `${path}?status=lost`, { token })
    expect(badStatus.status).toBe(422)

    // Replay a delivered one: pending again, one job queued, which sends the same delivery id.
    const done = succeeded.body.data[0]
    const replay = await app.request('POST', `${path}/${done.id}/replay`, { token })
    expect(replay.status).toBe(202)
    expect(replay.body.data).toEqual({ id: done.id, event: 'card.enrolled', status: 'pending' })
    expect(await deliverQueued()).toBe(1)
    const after = await app.request('GET', `${path}?status=succeeded`, { token })
    const replayed = after.body.data.find((d: { id: string }) => d.id === done.id)
    expect(replayed.attempts.map((a: { replay: boolean }) => a.replay)).toEqual([false, true])
    expect(receiver.received.filter((r) => r.deliveryId === done.id)).toHaveLength(2)
    expect(receiver.received.every((r) => r.verified)).toBe(true)
    expect(
      await db.knex('audit_log').where({ subject_id: done.id }).first('action', 'actor_type'),
    ).toEqual({ action: 'webhook_delivery.replay', actor_type: 'api_key' })

    const unknown = await app.request('POST', `${path}/${randomUUID()}/replay`, { token })
    expect(unknown.status).toBe(404)
  })

  it("never shows, changes or replays another merchant's endpoint", async () => {
    const [endpoint] = (await app.request('GET', '/api/v1/webhooks', { token })).body.data
    const [delivery] = (
      await app.request('GET', `/api/v1/webhooks/${endpoint.id}/deliveries`, { token })
    ).body.data
    expect((await app.request('GET', '/api/v1/webhooks', { token: otherToken })).body.data).toEqual(
      [],
    )
    for (const [method, path, body] of [
      ['GET', `/api/v1/webhooks/${endpoint.id}`, undefined],
      ['PATCH', `/api/v1/webhooks/${endpoint.id}`, { version: endpoint.version, active: false }],
      ['GET', `/api/v1/webhooks/${endpoint.id}/deliveries`, undefined],
      ['POST', `/api/v1/webhooks/${endpoint.id}/deliveries/${delivery.id}/replay`, undefined],
    ] as const) {
      const answer = await app.request(method, path, { token: otherToken, body })
      expect(answer.status).toBe(404)
      expect(answer.body.error.code).toBe('NOT_FOUND')
    }
    expect(
      (await app.request('GET', `/api/v1/webhooks/${endpoint.id}`, { token })).body.data,
    ).toMatchObject({ active: true, version: endpoint.version })
    expect((await app.request('GET', '/api/v1/webhooks')).status).toBe(401)
  })

  it('documents every webhooks operation in the OpenAPI document', async () => {
    const doc = (await app.request('GET', '/api/v1/openapi.json')).body
    expect(Object.keys(doc.paths['/webhooks']).sort()).toEqual(['get', 'post'])
    expect(Object.keys(doc.paths['/webhooks/{id}']).sort()).toEqual(['get', 'patch'])
    expect(doc.paths['/webhooks/{id}/deliveries'].get.operationId).toBe('listWebhookDeliveries')
    expect(
      doc.paths['/webhooks/{id}/deliveries/{delivery_id}/replay'].post.responses['202'],
    ).toBeDefined()
    expect(
      doc.paths['/webhooks'].post.requestBody.content['application/json'].schema.required.sort(),
    ).toEqual(['events', 'url'])
  })
})
