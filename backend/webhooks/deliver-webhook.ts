import type { Knex } from 'knex'
import type { Config } from '../config.ts'
import type { Logger } from '../logger.ts'
import { chooseEmailLanguage, queueEmailOnce } from '../email/queue-email.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { systemActor } from '../auth/actor.ts'
import { openEndpointSecret } from './endpoint-secret.ts'
import { postWebhook } from './post-webhook.ts'
import { signatureHeader } from './signature.ts'

/** A delivery failing this long stops retrying; an endpoint failing this long is disabled. */
export const WEBHOOK_FAILING_HOURS = 24

export type DeliveryOutcome = 'succeeded' | 'retry' | 'failed' | 'skipped'

/** Thrown by the job when a delivery failed and is to be tried again (graphile backs off). */
export class WebhookRetry extends Error {}

type DeliveryRow = {
  id: string
  merchant_id: string
  endpoint_id: string
  event: string
  data: unknown
  status: string
  created_at: Date
  url: string
  secret_ciphertext: string
  active: boolean
}

/** The body of a delivery: the same bytes at every attempt and replay. */
export const deliveryBody = (row: Pick<DeliveryRow, 'id' | 'event' | 'created_at' | 'data'>) =>
  JSON.stringify({
    id: row.id,
    event: row.event,
    created_at: row.created_at.toISOString(),
    data: row.data,
  })

/**
 * One attempt of a delivery (job `webhooks:deliver`): sign, POST (SSRF-guarded, no redirect,
 * 5 s), log the attempt. A success clears the endpoint's failing streak. A failure starts the
 * delivery's and the endpoint's (first failure kept); after 24 hours the delivery stops, and an
 * endpoint failing for 24 hours is disabled — one process wins the conditional update and emails
 * the owners once. A replay (from the log) is one attempt, even to a disabled endpoint.
 * The row is the idempotency key: a pending delivery is sent until it succeeds; a worker killed
 * mid-request sends it again (same delivery id: receivers dedupe on it).
 */
export const deliverWebhook = async (
  context: { db: Knex; config: Config; log?: Logger },
  job: { deliveryId: string; merchantId: string; replay?: boolean },
): Promise<DeliveryOutcome> => {
  const { db, config } = context
  const row = await db('webhook_deliveries as d')
    .join('webhook_endpoints as w', function () {
      this.on('w.merchant_id', 'd.merchant_id').andOn('w.id', 'd.endpoint_id')
    })
    .where({ 'd.merchant_id': job.merchantId, 'd.id': job.deliveryId })
    .first<DeliveryRow | undefined>(
      'd.id',
      'd.merchant_id',
      'd.endpoint_id',
      'd.event',
      'd.data',
      'd.status',
      'd.created_at',
      'w.url',
      'w.secret_ciphertext',
      'w.active',
    )
  if (!row || row.status !== 'pending') return 'skipped'
  const key = { merchant_id: row.merchant_id, id: row.id }
  if (!row.active && !job.replay) {
    await db('webhook_deliveries').where(key).update({ status: 'failed' })
    return 'failed'
  }
  const body = deliveryBody(row)
  const secret = openEndpointSecret(row.secret_ciphertext, config)
  const attemptedAt = new Date()
  const outcome = await postWebhook(
    row.url,
    body,
    {
      'RewardFlow-Signature': signatureHeader(secret, body, attemptedAt),
      'RewardFlow-Delivery': row.id,
      'RewardFlow-Event': row.event,
    },
    { allowPrivate: config.webhooks.allowPrivate },
  )
  return db.transaction(async (trx) => {
    await trx('webhook_attempts').insert({
      merchant_id: row.merchant_id,
      delivery_id: row.id,
      attempted_at: attemptedAt,
      duration_ms: outcome.durationMs,
      status_code: outcome.statusCode,
      error: outcome.error,
      response_excerpt: outcome.responseExcerpt,
      succeeded: outcome.succeeded,
      replay: job.replay === true,
    })
    const endpoint = { merchant_id: row.merchant_id, id: row.endpoint_id }
    if (outcome.succeeded) {
      await trx('webhook_deliveries')
        .where(key)
        .update({
          status: 'succeeded',
          attempts: trx.raw('attempts + 1'),
          last_attempt_at: attemptedAt,
          delivered_at: trx.fn.now(),
        })
      await trx('webhook_endpoints')
        .where(endpoint)
        .whereNotNull('failing_since')
        .update({ failing_since: null })
      return 'succeeded'
    }
    const [delivery] = await trx('webhook_deliveries')
      .where(key)
      .update({
        attempts: trx.raw('attempts + 1'),
        last_attempt_at: attemptedAt,
        first_failed_at: trx.raw('coalesce(first_failed_at, now())'),
      })
      .returning<{ expired: boolean }[]>(
        trx.raw(`first_failed_at <= now() - make_interval(hours => ?) AS expired`, [
          WEBHOOK_FAILING_HOURS,
        ]),
      )
    await trx('webhook_endpoints')
      .where(endpoint)
      .whereNull('failing_since')
      .update({ failing_since: trx.fn.now() })
    const disabled = await trx('webhook_endpoints')
      .where(endpoint)
      .where('active', true)
      .whereRaw('failing_since <= now() - make_interval(hours => ?)', [WEBHOOK_FAILING_HOURS])
      .update({ active: false, disabled_at: trx.fn.now(), version: trx.raw('version + 1') })
      .returning<{ url: string; failing_since: Date }[]>(['url', 'failing_since'])
    if (disabled[0]) await endpointDisabled(trx, config, row, disabled[0])
    if (job.replay || delivery?.expired || disabled[0] || !row.active) {
      await trx('webhook_deliveries').where(key).update({ status: 'failed' })
      return 'failed'
    }
    return 'retry'
  })
}

/** Audits the disabling and emails the merchant's active owners, once per failing streak. */
const endpointDisabled = async (
  trx: Knex.Transaction,
  config: Config,
  delivery: Pick<DeliveryRow, 'merchant_id' | 'endpoint_id'>,
  endpoint: { url: string; failing_since: Date },
) => {
  await recordAudit(trx, {
    actor: systemActor(delivery.merchant_id, 'webhooks:deliver'),
    merchantId: delivery.merchant_id,
    action: 'webhook_endpoint.disable',
    subjectType: 'webhook_endpoint',
    subjectId: delivery.endpoint_id,
    data: {
      before: { active: true },
      after: { active: false, failing_since: endpoint.failing_since },
    },
  })
  const merchant = await trx('merchants')
    .where('id', delivery.merchant_id)
    .first<{ name: string; default_language: string }>('name', 'default_language')
  const owners: { id: string; email: string; name: string; preferred_language: string | null }[] =
    await trx('merchant_users')
      .where({ merchant_id: delivery.merchant_id, role: 'owner', active: true })
      .select('id', 'email', 'name', 'preferred_language')
  const streak = endpoint.failing_since.toISOString()
  for (const owner of owners) {
    const language = chooseEmailLanguage(owner.preferred_language, merchant.default_language)
    await queueEmailOnce(
      trx,
      {
        template: 'webhook_disabled',
        to: owner.email,
        language,
        merchantId: delivery.merchant_id,
        storeId: null,
        idempotencyKey: `webhook_disabled:${delivery.endpoint_id}:${streak}:${owner.id}`,
        variables: {
          owner_name: owner.name,
          merchant_name: merchant.name,
          store_name: merchant.name,
          endpoint_url: endpoint.url,
          webhooks_url: `${config.baseUrl}/merchant/webhooks/${delivery.endpoint_id}`,
        },
      },
      language,
    )
  }
}
