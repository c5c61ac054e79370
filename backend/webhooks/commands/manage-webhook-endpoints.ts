import type { Knex } from 'knex'
import { z } from 'zod'
import type { Config } from '../../config.ts'
import { audited } from '../../audit/audited.ts'
import { AppError } from '../../errors.ts'
import { enqueueJob } from '../../jobs/enqueue.ts'
import { isUuid } from '../../../shared/schemas/common.ts'
import { WEBHOOK_EVENTS, type WebhookEvent } from '../../../shared/webhook-events.ts'
import { authorize } from '../../policies/policies.ts'
import type { Principal } from '../../policies/principal.ts'
import { actingOn } from '../../policies/scope.ts'
import { versionedUpdate } from '../../db/versioned-update.ts'
import { isIP } from 'node:net'
import { isForbiddenAddress } from '../address-guard.ts'
import { newEndpointSecret, sealEndpointSecret } from '../endpoint-secret.ts'
import { WEBHOOK_MAX_ATTEMPTS } from '../queue-webhooks.ts'

export const WEBHOOK_URL_MAX_LENGTH = 2000

/** What a form or an API body gives for an endpoint. */
export type WebhookEndpointInput = { url: unknown; events: unknown }

export type CreatedWebhookEndpoint = { id: string; url: string; secret: string }

type Checked = { url: string; events: WebhookEvent[] }

/**
 * A host that names a forbidden address by itself — an IP literal in a private, loopback,
 * link-local … range, or `localhost` — is refused when saved; a name is checked at each delivery,
 * on what it resolves to then (address-guard.ts).
 */
const namesForbiddenAddress = (hostname: string): boolean => {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  return isIP(host) !== 0 && isForbiddenAddress(host)
}

/**
 * The URL and events of an endpoint, or VALIDATION_FAILED naming each bad field: `url`
 * (`invalid`: not an http(s) URL with a host, or with credentials; `https_required`: plain http
 * in production; `private_address`: an IP or `localhost` that deliveries may not reach, unless
 * WEBHOOKS_ALLOW_PRIVATE), `events` (`required`: none of the known events).
 */
export const checkEndpointInput = (
  input: WebhookEndpointInput,
  config: Pick<Config, 'env' | 'webhooks'>,
): Checked => {
  const fields: { path: string; code: string }[] = []
  const text = z.string().trim().min(1).max(WEBHOOK_URL_MAX_LENGTH).safeParse(input.url)
  let url: URL | null = null
  try {
    url = text.success ? new URL(text.data) : null
  } catch {
    url = null
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || !url.hostname || url.username)
    fields.push({ path: 'url', code: 'invalid' })
  else if (config.env === 'production' && url.protocol !== 'https:')
    fields.push({ path: 'url', code: 'https_required' })
  else if (!config.webhooks.allowPrivate && namesForbiddenAddress(url.hostname))
    fields.push({ path: 'url', code: 'private_address' })
  const given = Array.isArray(input.events) ? input.events : [input.events]
  const events = WEBHOOK_EVENTS.filter((event) => given.includes(event))
  if (events.length === 0) fields.push({ path: 'events', code: 'required' })
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields })
  return { url: url!.toString(), events }
}

const create = audited(
  'webhook_endpoint.create',
  async (
    trx: Knex.Transaction,
    props: ReturnType<typeof actingOn> & { input: WebhookEndpointInput; config: Config },
  ) => {
    authorize(props.principal, 'webhook.manage', { merchantId: props.merchantId })
    const { url, events } = checkEndpointInput(props.input, props.config)
    const secret = newEndpointSecret()
    const secretPrefix = secret.slice(0, 12)
    const [row] = await trx('webhook_endpoints')
      .insert({
        merchant_id: props.merchantId,
        url,
        events,
        secret_ciphertext: sealEndpointSecret(secret, props.config),
        secret_prefix: secretPrefix,
        created_by: props.principal.kind === 'merchant_user' ? props.principal.id : null,
      })
      .returning<{ id: string }[]>('id')
    return {
      value: { id: row!.id, url, secret },
      subjectType: 'webhook_endpoint',
      subjectId: row!.id,
      before: null,
      after: { url, events, active: true, secret_prefix: secretPrefix },
    }
  },
)

/**
 * An owner adds an endpoint: its signing secret is made here and answered once (kept as
 * ciphertext, only its first characters shown later), audited without it.
 */
export const createWebhookEndpoint = (
  db: Knex,
  props: { principal: Principal; input: WebhookEndpointInput; config: Config },
): Promise<CreatedWebhookEndpoint> =>
  create(db, { ...actingOn(props.principal), input: props.input, config: props.config })

type EndpointRow = { id: string; url: string; events: string[]; active: boolean; version: number }

const update = audited(
  'webhook_endpoint.update',
  async (
    trx: Knex.Transaction,
    props: ReturnType<typeof actingOn> & {
      id: string
      version: number
      input: WebhookEndpointInput & { active: unknown }
      config: Config
    },
  ) => {
    authorize(props.principal, 'webhook.manage', { merchantId: props.merchantId })
    if (!isUuid(props.id)) throw new AppError('NOT_FOUND')
    const before = await trx('webhook_endpoints')
      .where({ merchant_id: props.merchantId, id: props.id })
      .first<EndpointRow | undefined>('id', 'url', 'events', 'active', 'version')
    if (!before) throw new AppError('NOT_FOUND')
    // Left out (an API PATCH): as it is. The page always sends all three.
    const given = props.input
    const { url, events } = checkEndpointInput(
      { url: given.url ?? before.url, events: given.events ?? before.events },
      props.config,
    )
    const active =
      given.active === undefined ? before.active : given.active === true || given.active === 'on'
    const after = await versionedUpdate<EndpointRow>(trx, {
      subject: 'webhook_endpoint',
      merchantId: props.merchantId,
      id: props.id,
      version: props.version,
      changes: {
        url,
        events,
        active,
        // Turned back on: a new failing streak starts from the next failure.
        ...(active && !before.active ? { failing_since: null, disabled_at: null } : {}),
      },
    })
    const shown = (row: EndpointRow) => ({ url: row.url, events: row.events, active: row.active })
    return {
      value: after,
      subjectType: 'webhook_endpoint',
      subjectId: props.id,
      before: shown(before),
      after: shown(after),
    }
  },
)

/**
 * An owner (or the merchant's API key) edits an endpoint's URL, events and active switch, from
 * the version shown; a field given as undefined stays as it is.
 */
export const updateWebhookEndpoint = (
  db: Knex,
  props: {
    principal: Principal
    id: string
    version: number
    input: WebhookEndpointInput & { active: unknown }
    config: Config
  },
) => update(db, { ...actingOn(props.principal), ...props })

const replay = audited(
  'webhook_delivery.replay',
  async (
    trx: Knex.Transaction,
    props: ReturnType<typeof actingOn> & { endpointId: string; deliveryId: string },
  ) => {
    authorize(props.principal, 'webhook.manage', { merchantId: props.merchantId })
    if (!isUuid(props.deliveryId) || !isUuid(props.endpointId)) throw new AppError('NOT_FOUND')
    const [delivery] = await trx('webhook_deliveries')
      .where({
        merchant_id: props.merchantId,
        endpoint_id: props.endpointId,
        id: props.deliveryId,
      })
      .update({ status: 'pending' })
      .returning<{ id: string; event: WebhookEvent }[]>(['id', 'event'])
    if (!delivery) throw new AppError('NOT_FOUND')
    await enqueueJob(
      trx,
      'webhooks:deliver',
      { deliveryId: delivery.id, merchantId: props.merchantId, replay: true },
      { maxAttempts: WEBHOOK_MAX_ATTEMPTS },
    )
    return {
      value: delivery,
      subjectType: 'webhook_delivery',
      subjectId: delivery.id,
      before: null,
      after: { event: delivery.event, endpoint_id: props.endpointId },
    }
  },
)

/**
 * An owner sends a delivery again from the log: the same body and delivery id (receivers that
 * processed it already ignore it), one attempt, logged as a replay — to a disabled endpoint too.
 */
export const replayWebhookDelivery = (
  db: Knex,
  props: { principal: Principal; endpointId: string; deliveryId: string },
) => replay(db, { ...actingOn(props.principal), ...props })
