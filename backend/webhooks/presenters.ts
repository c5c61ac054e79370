import type {
  WebhookDelivery as ApiDelivery,
  WebhookEndpoint as ApiEndpoint,
} from '../../shared/schemas/webhooks-api.ts'
import type { ListedWebhookEndpoint, WebhookDelivery } from './queries/webhook-endpoints.ts'

const iso = (value: Date | null) => (value ? value.toISOString() : null)

/** An endpoint as the API answers it (the page's shape, in the API's snake_case and ISO times). */
export const presentEndpointForApi = (endpoint: ListedWebhookEndpoint): ApiEndpoint => ({
  id: endpoint.id,
  url: endpoint.url,
  events: endpoint.events,
  secret_prefix: endpoint.secretPrefix,
  active: endpoint.active,
  failing_since: iso(endpoint.failingSince),
  disabled_at: iso(endpoint.disabledAt),
  created_at: endpoint.createdAt.toISOString(),
  recent: { ...endpoint.recent },
  version: endpoint.version,
})

/** A delivery and its attempts as the API answers them. */
export const presentDeliveryForApi = (delivery: WebhookDelivery): ApiDelivery => ({
  id: delivery.id,
  event: delivery.event,
  status: delivery.status,
  created_at: delivery.createdAt.toISOString(),
  attempts: delivery.attempts.map((attempt) => ({
    attempted_at: attempt.attemptedAt.toISOString(),
    duration_ms: attempt.durationMs,
    status_code: attempt.statusCode,
    error: attempt.error,
    response_excerpt: attempt.responseExcerpt,
    succeeded: attempt.succeeded,
    replay: attempt.replay,
  })),
})
