import type { Queryable } from '../db/transaction.ts'
import type { WebhookEvent } from '../../shared/webhook-events.ts'

/**
 * graphile-worker attempts of one delivery: more than 24 hours of its exponential backoff
 * (docs/webhooks.md), so the 24-hour rule of deliver-webhook.ts ends the retries, not this.
 */
export const WEBHOOK_MAX_ATTEMPTS = 30

/**
 * The `webhooks:deliver` job of each row of `deliveries` (a CTE of inserted webhook_deliveries
 * returning merchant_id and id), as SQL selecting one row per job. Shared with the ledger's
 * APPEND_ENTRY, which enqueues in its own statement.
 */
export const deliverJobsFrom = (deliveries: string) =>
  `SELECT graphile_worker.add_job('webhooks:deliver',
     json_build_object('deliveryId', d.id, 'merchantId', d.merchant_id),
     max_attempts => ${WEBHOOK_MAX_ATTEMPTS}) FROM ${deliveries} d`

/**
 * Records a delivery of `event` for each active endpoint of the merchant subscribed to it, with
 * its job, in the caller's transaction: the deliveries exist exactly when the change commits.
 * `source` is SQL selecting one `data` (jsonb) per event, with named bindings; one statement,
 * which finds no endpoint (and does nothing else) for a merchant without webhooks.
 */
export const queueWebhookEvents = async (
  db: Queryable,
  props: {
    merchantId: string
    event: WebhookEvent
    source: string
    bindings?: Record<string, unknown>
  },
): Promise<number> => {
  const { rows } = await db.raw<{ rows: { jobs: string }[] }>(
    `WITH source AS (${props.source}),
     delivery AS (
       INSERT INTO webhook_deliveries (merchant_id, endpoint_id, event, data)
       SELECT w.merchant_id, w.id, :webhookEvent, s.data
         FROM webhook_endpoints w CROSS JOIN source s
        WHERE w.merchant_id = :webhookMerchantId AND w.active AND :webhookEvent = ANY (w.events)
       RETURNING merchant_id, id
     )
     SELECT count(*) AS jobs FROM (${deliverJobsFrom('delivery')}) j`,
    {
      ...props.bindings,
      webhookEvent: props.event,
      webhookMerchantId: props.merchantId,
    },
  )
  return Number(rows[0]?.jobs ?? 0)
}

/** One event with its data (enrolment, a block, a review item). */
export const queueWebhookEvent = (
  db: Queryable,
  props: { merchantId: string; event: WebhookEvent; data: Record<string, unknown> },
): Promise<number> =>
  queueWebhookEvents(db, {
    merchantId: props.merchantId,
    event: props.event,
    source: 'SELECT :webhookData::jsonb AS data',
    bindings: { webhookData: JSON.stringify(props.data) },
  })
