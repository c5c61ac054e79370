import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { buildMerchant } from '../test/factories.ts'
import { queueEmail, queueEmailOnce } from './queue-email.ts'

const db = useTestDatabase()

const reset = (to: string) =>
  ({
    template: 'password_reset',
    to,
    language: 'fr',
    merchantId: null,
    storeId: null,
    variables: {
      reset_url: 'https://x.test/r',
      store_name: 'Shop',
      customer_name: 'Zoé',
      valid_minutes: 60,
    },
  }) as const

// graphile-worker keeps payloads in its private table (its public view leaves them out).
const emailJobs = () =>
  db
    .knex('graphile_worker._private_jobs as j')
    .join('graphile_worker._private_tasks as t', 't.id', 'j.task_id')
    .where('t.identifier', 'email:send')
    .select('j.payload', 'j.max_attempts')

describe('queueEmail', () => {
  it('records a queued email with its variables and its own creation time', async () => {
    const merchant = await buildMerchant(db.knex)
    const { id } = await db.knex.transaction((trx) =>
      queueEmail(trx, { ...reset('zoe@example.lu'), merchantId: merchant.merchantId }),
    )
    await new Promise((resolve) => setTimeout(resolve, 20))
    await db.knex.transaction((trx) => queueEmail(trx, reset('zoe@example.lu')))
    const rows = await db.knex('outbound_emails').orderBy('created_at')
    expect(rows[0]).toMatchObject({
      id,
      merchant_id: merchant.merchantId,
      template: 'password_reset',
      to_address: 'zoe@example.lu',
      language: 'fr',
      status: 'queued',
      variables: {
        customer_name: 'Zoé',
        reset_url: 'https://x.test/r',
        store_name: 'Shop',
        valid_minutes: 60,
      },
    })
    expect(rows[1].created_at.getTime()).toBeGreaterThan(rows[0].created_at.getTime())
  })

  it('leaves no email behind when the transaction of its cause rolls back', async () => {
    await expect(
      db.knex.transaction(async (trx) => {
        await queueEmail(trx, reset('rollback@example.lu'))
        throw new Error('the cause failed')
      }),
    ).rejects.toThrow('the cause failed')
    expect(await db.knex('outbound_emails').where({ to_address: 'rollback@example.lu' })).toEqual(
      [],
    )
  })

  it('enqueues its sending job in the same transaction, keyed by the email', async () => {
    const { id } = await db.knex.transaction((trx) => queueEmail(trx, reset('job@example.lu')))
    const job = await emailJobs().where('j.key', `email:${id}`).first()
    expect(job).toMatchObject({ payload: { outboundEmailId: id }, max_attempts: 10 })
    await db.knex
      .transaction(async (trx) => {
        await queueEmail(trx, reset('job-rollback@example.lu'))
        throw new Error('the cause failed')
      })
      .catch(() => undefined)
    // One job per recorded email, and none for the email that rolled back.
    const jobs = await emailJobs()
    const rows: string[] = await db.knex('outbound_emails').pluck('id')
    expect(jobs.map((j) => j.payload.outboundEmailId).sort()).toEqual(rows.sort())
  })

  it('writes in the recipient’s language, else the store’s default, else English', async () => {
    const merchant = await buildMerchant(db.knex)
    await db.knex('stores').where('id', merchant.storeIds[0]).update({ default_language: 'lb' })
    await db.knex('merchants').where('id', merchant.merchantId).update({ default_language: 'de' })
    const languageOf = async (email: Parameters<typeof queueEmail>[1]) => {
      const { id } = await db.knex.transaction((trx) => queueEmail(trx, email))
      return (await db.knex('outbound_emails').where('id', id).first()).language
    }
    const base = { ...reset('lang@example.lu'), merchantId: merchant.merchantId }
    expect(await languageOf({ ...base, storeId: merchant.storeIds[0] })).toBe('fr')
    expect(await languageOf({ ...base, language: null, storeId: merchant.storeIds[0] })).toBe('lb')
    expect(await languageOf({ ...base, language: null })).toBe('de')
    expect(await languageOf({ ...base, language: undefined, merchantId: null })).toBe('en')
  })

  it('queues one email per idempotency key, however often or concurrently the event is seen', async () => {
    const email = { ...reset('once@example.lu'), idempotencyKey: 'test:once' }
    const results = await Promise.all(
      [1, 2, 3].map(() => db.knex.transaction((trx) => queueEmailOnce(trx, email))),
    )
    expect(results.filter(Boolean)).toHaveLength(1)
    expect(await db.knex.transaction((trx) => queueEmailOnce(trx, email))).toBeNull()
    const rows = await db.knex('outbound_emails').where('idempotency_key', 'test:once')
    expect(rows).toHaveLength(1)
    const jobs = await emailJobs()
    expect(jobs.filter((j) => j.payload.outboundEmailId === rows[0].id)).toHaveLength(1)
    await expect(db.knex.transaction((trx) => queueEmail(trx, email))).rejects.toThrow(
      /already queued/,
    )
  })
})
