import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { buildMerchant } from '../test/factories.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { startWebhookReceiver, type WebhookReceiver } from '../test/webhook-receiver.ts'
import { startWorkerChild, type WorkerChild } from '../test/worker-child.ts'
import { newEndpointSecret, sealEndpointSecret } from './endpoint-secret.ts'
import { queueWebhookEvent } from './queue-webhooks.ts'

// Exactly one delivery per event when the worker process delivering it is killed (SIGKILL) in
// the middle of the request: the receiver got the request but never answered, the job is taken
// over by the next worker once the dead one is reaped (jobs/worker-liveness.ts), the same
// delivery id arrives again and the receiver, deduping on it, processes the event once.

const db = useTestDatabase()
const env = {
  SESSION_SECRET: randomBytes(32).toString('base64'),
  EMAIL_SETTINGS_KEY: randomBytes(32).toString('base64'),
  WEBHOOKS_ALLOW_PRIVATE: 'true',
  WORKER_DEAD_AFTER_SECONDS: '3',
}
const secret = newEndpointSecret()
let receiver: WebhookReceiver
const workers: WorkerChild[] = []

beforeAll(async () => {
  // The first request is held (never answered); the next ones get 200.
  receiver = await startWebhookReceiver(
    () => secret,
    (index) => (index === 0 ? 'hold' : 200),
  )
})
afterAll(async () => {
  for (const { child } of workers)
    if (child.exitCode === null && child.signalCode === null)
      await new Promise((resolve) => {
        child.once('exit', resolve)
        // Its graceful stop is not under test here (worker-process.test.ts has it).
        child.kill('SIGKILL')
      })
  await receiver.close()
}, 120_000)

const until = async (check: () => boolean | Promise<boolean>, what: string) => {
  const deadline = Date.now() + 90_000
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}:\n${workers.map((w) => w.output()).join('\n')}`,
      )
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('a webhook delivery and a killed worker', () => {
  it('is delivered again by the next worker with the same id: processed once', async () => {
    const { merchantId } = await buildMerchant(db.knex)
    const config = loadConfig({
      ...process.env,
      ...env,
      BASE_URL: 'http://localhost',
      DATABASE_URL: undefined,
    })
    await db.knex('webhook_endpoints').insert({
      merchant_id: merchantId,
      url: receiver.url,
      events: ['card.blocked'],
      secret_ciphertext: sealEndpointSecret(secret, config),
      secret_prefix: secret.slice(0, 12),
    })
    await db.knex.transaction((trx) =>
      queueWebhookEvent(trx, {
        merchantId,
        event: 'card.blocked',
        data: { card_number: 'RF-KILL' },
      }),
    )
    const first = await startWorkerChild(db.url, env)
    workers.push(first)
    await until(() => receiver.received.length === 1, 'the first attempt to reach the receiver')
    const exited = new Promise((resolve) => first.child.once('exit', resolve))
    first.child.kill('SIGKILL')
    await exited

    workers.push(await startWorkerChild(db.url, env))
    await until(() => receiver.processed.length === 1, 'the delivery to be processed')
    await until(
      async () => (await db.knex('webhook_deliveries').first('status')).status === 'succeeded',
      'the delivery to be recorded',
    )
    const ids = receiver.received.map((r) => r.deliveryId)
    expect(ids).toHaveLength(2)
    expect(new Set(ids).size).toBe(1)
    expect(receiver.received.every((r) => r.verified)).toBe(true)
    expect(receiver.received[0]!.body).toBe(receiver.received[1]!.body)
    expect(await db.knex('webhook_deliveries')).toHaveLength(1)
    expect(receiver.processed).toEqual([ids[0]])
  }, 300_000)
})
