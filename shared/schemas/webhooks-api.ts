import { z } from 'zod'
import { WEBHOOK_EVENTS } from '../webhook-events.ts'
import { PageMetaSchema, PageQuerySchema, VersionSchema } from './common.ts'

// The merchant's webhook endpoints over /api/v1/webhooks (the same commands and queries as the
// owner's /merchant/webhooks pages; docs/webhooks.md). Fields are named like the columns of
// `webhook_endpoints`, `webhook_deliveries` and `webhook_attempts`. The signing secret is in the
// answer to the creation only; afterwards only its first characters (`secret_prefix`). An
// endpoint is never deleted (its deliveries are its log): `active: false` stops its deliveries.

const WebhookEventSchema = z.enum(WEBHOOK_EVENTS)

/** The URL is checked by the command (http(s) with a host, no credentials, https in production). */
const Url = z.string().max(2000)
const Events = z.array(WebhookEventSchema).min(1)

export const WebhookCreateBody = z.strictObject({ url: Url, events: Events }).meta({
  examples: [
    { url: 'https://example.com/rewardflow', events: ['card.enrolled', 'reward.redeemed'] },
  ],
})
export type WebhookCreateBody = z.infer<typeof WebhookCreateBody>

/** A partial edit from the version read: what is left out stays as it is. */
export const WebhookPatchBody = z
  .strictObject({
    version: VersionSchema,
    url: Url.optional(),
    events: Events.optional(),
    active: z.boolean().optional(),
  })
  .meta({ examples: [{ version: 1, active: false }] })
export type WebhookPatchBody = z.infer<typeof WebhookPatchBody>

export const WebhookIdParams = z.object({ id: z.uuid() })

export const WebhookDeliveryParams = z.object({ id: z.uuid(), delivery_id: z.uuid() })

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const

/** Newest first; `status` keeps only the deliveries in that state. */
export const WebhookDeliveryListQuery = PageQuerySchema.extend({
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
}).strict()
export type WebhookDeliveryListQuery = z.infer<typeof WebhookDeliveryListQuery>

export const WebhookEndpoint = z
  .object({
    id: z.uuid(),
    url: z.string(),
    events: z.array(WebhookEventSchema),
    /** The secret's first characters, to tell secrets apart (the secret itself is shown once). */
    secret_prefix: z.string(),
    active: z.boolean(),
    /** First failure since the last success; null: not failing. */
    failing_since: z.string().nullable(),
    /** When 24 hours of failures disabled it (null: never, or turned back on). */
    disabled_at: z.string().nullable(),
    created_at: z.string(),
    /** Deliveries of the last 24 hours, by status. */
    recent: z.object({
      succeeded: z.number().int(),
      failed: z.number().int(),
      pending: z.number().int(),
    }),
    version: z.number().int(),
  })
  .meta({
    examples: [
      {
        id: '5d0c2b9e-3f41-4c8e-9a7b-1e2f3a4b5c6d',
        url: 'https://example.com/rewardflow',
        events: ['card.enrolled', 'reward.redeemed'],
        secret_prefix: 'whsec_3kP9xQ',
        active: true,
        failing_since: null,
        disabled_at: null,
        created_at: '2026-12-07T15:02:00.000Z',
        recent: { succeeded: 12, failed: 0, pending: 1 },
        version: 1,
      },
    ],
  })
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>

/** The answer to a creation: the endpoint and its signing secret, this once. */
export const CreatedWebhookEndpoint = WebhookEndpoint.extend({ secret: z.string() })
export type CreatedWebhookEndpoint = z.infer<typeof CreatedWebhookEndpoint>

export const WebhookAttempt = z.object({
  attempted_at: z.string(),
  duration_ms: z.number().int(),
  /** The receiver's HTTP status; null when none came (timeout, refused, forbidden address). */
  status_code: z.number().int().nullable(),
  error: z.string().nullable(),
  /** The first 500 characters of the receiver's answer. */
  response_excerpt: z.string().nullable(),
  succeeded: z.boolean(),
  /** Sent from the log (a replay), not by the queue. */
  replay: z.boolean(),
})
export type WebhookAttempt = z.infer<typeof WebhookAttempt>

export const WebhookDelivery = z.object({
  /** Also the body's `id` and the `RewardFlow-Delivery` header: the same at every retry and replay. */
  id: z.uuid(),
  event: WebhookEventSchema,
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  created_at: z.string(),
  /** Every attempt, oldest first. */
  attempts: z.array(WebhookAttempt),
})
export type WebhookDelivery = z.infer<typeof WebhookDelivery>

export const WebhookDeliveryPage = z.object({
  data: z.array(WebhookDelivery),
  meta: PageMetaSchema,
})
export type WebhookDeliveryPage = z.infer<typeof WebhookDeliveryPage>

/** A replay: the delivery, pending again, queued for one attempt. */
export const WebhookReplayAnswer = z.object({
  data: z.object({
    id: z.uuid(),
    event: WebhookEventSchema,
    status: z.literal('pending'),
  }),
})
