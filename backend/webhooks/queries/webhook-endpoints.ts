import type { Knex } from 'knex'
import { AppError } from '../../errors.ts'
import { isUuid } from '../../../shared/schemas/common.ts'
import type { WebhookEvent } from '../../../shared/webhook-events.ts'

/** An endpoint as the webhooks page shows it (never its secret: its first characters only). */
export type ListedWebhookEndpoint = {
  id: string
  url: string
  events: WebhookEvent[]
  secretPrefix: string
  active: boolean
  /** First failure since the last success; null: not failing. */
  failingSince: Date | null
  /** Disabled after 24 hours of failures (null: never, or turned back on). */
  disabledAt: Date | null
  version: number
  createdAt: Date
  /** Deliveries of the last 24 hours, by status. */
  recent: { succeeded: number; failed: number; pending: number }
}

export type WebhookAttempt = {
  attemptedAt: Date
  durationMs: number
  statusCode: number | null
  error: string | null
  responseExcerpt: string | null
  succeeded: boolean
  replay: boolean
}

export type WebhookDelivery = {
  id: string
  event: WebhookEvent
  status: 'pending' | 'succeeded' | 'failed'
  createdAt: Date
  attempts: WebhookAttempt[]
}

type EndpointRow = {
  id: string
  url: string
  events: WebhookEvent[]
  secret_prefix: string
  active: boolean
  failing_since: Date | null
  disabled_at: Date | null
  version: number
  created_at: Date
  succeeded: string
  failed: string
  pending: string
}

export const presentWebhookEndpoint = (row: EndpointRow): ListedWebhookEndpoint => ({
  id: row.id,
  url: row.url,
  events: row.events,
  secretPrefix: row.secret_prefix,
  active: row.active,
  failingSince: row.failing_since,
  disabledAt: row.disabled_at,
  version: row.version,
  createdAt: row.created_at,
  recent: {
    succeeded: Number(row.succeeded),
    failed: Number(row.failed),
    pending: Number(row.pending),
  },
})

const endpoints = (db: Knex, merchantId: string) =>
  db('webhook_endpoints as w')
    .where('w.merchant_id', merchantId)
    .select<EndpointRow[]>(
      'w.id',
      'w.url',
      'w.events',
      'w.secret_prefix',
      'w.active',
      'w.failing_since',
      'w.disabled_at',
      'w.version',
      'w.created_at',
      db.raw(`count(*) FILTER (WHERE d.status = 'succeeded') AS succeeded`),
      db.raw(`count(*) FILTER (WHERE d.status = 'failed') AS failed`),
      db.raw(`count(*) FILTER (WHERE d.status = 'pending') AS pending`),
    )
    .leftJoin('webhook_deliveries as d', function () {
      this.on('d.merchant_id', 'w.merchant_id')
        .andOn('d.endpoint_id', 'w.id')
        .andOn('d.created_at', '>', db.raw(`now() - interval '24 hours'`))
    })
    .groupBy('w.merchant_id', 'w.id')

/** The merchant's endpoints: active first, newest first. */
export const listWebhookEndpoints = async (
  db: Knex,
  merchantId: string,
): Promise<ListedWebhookEndpoint[]> =>
  (
    await endpoints(db, merchantId).orderBy([
      { column: 'w.active', order: 'desc' },
      { column: 'w.created_at', order: 'desc' },
    ])
  ).map(presentWebhookEndpoint)

/** Deliveries of the log page: the newest 50, each with every attempt, oldest attempt first. */
export const DELIVERY_LOG_LIMIT = 50

/** One endpoint of the merchant (NOT_FOUND: not the merchant's, or no such id). */
export const getWebhookEndpoint = async (
  db: Knex,
  merchantId: string,
  id: string,
): Promise<ListedWebhookEndpoint> => {
  if (!isUuid(id)) throw new AppError('NOT_FOUND')
  const [row] = await endpoints(db, merchantId).where('w.id', id)
  if (!row) throw new AppError('NOT_FOUND')
  return presentWebhookEndpoint(row)
}

export type DeliveryPaging = {
  page: number
  perPage: number
  status?: WebhookDelivery['status'] | undefined
}

/**
 * A page of an endpoint's deliveries, newest first, each with every attempt (oldest first), and
 * how many there are in all (NOT_FOUND: the endpoint is not the merchant's).
 */
export const listWebhookDeliveries = async (
  db: Knex,
  merchantId: string,
  endpointId: string,
  paging: DeliveryPaging,
): Promise<{ deliveries: WebhookDelivery[]; total: number }> => {
  if (!isUuid(endpointId)) throw new AppError('NOT_FOUND')
  const owned = await db('webhook_endpoints')
    .where({ merchant_id: merchantId, id: endpointId })
    .first('id')
  if (!owned) throw new AppError('NOT_FOUND')
  const ofEndpoint = () =>
    db('webhook_deliveries')
      .where({ merchant_id: merchantId, endpoint_id: endpointId })
      .modify((query) => {
        if (paging.status) void query.where('status', paging.status)
      })
  const [deliveries, [counted]] = await Promise.all([
    ofEndpoint()
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(paging.perPage)
      .offset((paging.page - 1) * paging.perPage)
      .select<
        { id: string; event: WebhookEvent; status: WebhookDelivery['status']; created_at: Date }[]
      >('id', 'event', 'status', 'created_at'),
    ofEndpoint().count<{ n: string }[]>({ n: '*' }),
  ])
  const attempts: ({ delivery_id: string } & Record<string, unknown>)[] =
    deliveries.length === 0
      ? []
      : await db('webhook_attempts')
          .where('merchant_id', merchantId)
          .whereIn(
            'delivery_id',
            deliveries.map((d) => d.id),
          )
          .orderBy('attempted_at')
          .select(
            'delivery_id',
            'attempted_at',
            'duration_ms',
            'status_code',
            'error',
            'response_excerpt',
            'succeeded',
            'replay',
          )
  return {
    total: Number(counted?.n ?? 0),
    deliveries: deliveries.map((d) => ({
      id: d.id,
      event: d.event,
      status: d.status,
      createdAt: d.created_at,
      attempts: attempts
        .filter((a) => a.delivery_id === d.id)
        .map((a) => ({
          attemptedAt: a.attempted_at as Date,
          durationMs: a.duration_ms as number,
          statusCode: a.status_code as number | null,
          error: a.error as string | null,
          responseExcerpt: a.response_excerpt as string | null,
          succeeded: a.succeeded as boolean,
          replay: a.replay as boolean,
        })),
    })),
  }
}

/** One endpoint with its latest deliveries and their attempts (NOT_FOUND: not the merchant's). */
export const loadWebhookEndpoint = async (
  db: Knex,
  merchantId: string,
  id: string,
): Promise<{ endpoint: ListedWebhookEndpoint; deliveries: WebhookDelivery[] }> => {
  const endpoint = await getWebhookEndpoint(db, merchantId, id)
  const { deliveries } = await listWebhookDeliveries(db, merchantId, id, {
    page: 1,
    perPage: DELIVERY_LOG_LIMIT,
  })
  return { endpoint, deliveries }
}
