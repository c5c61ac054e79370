import type { Knex } from 'knex'
import { z } from 'zod'
import type { Config } from '../config.ts'
import {
  CreatedWebhookEndpoint,
  WebhookCreateBody,
  WebhookDeliveryListQuery,
  WebhookDeliveryPage,
  WebhookDeliveryParams,
  WebhookEndpoint,
  WebhookIdParams,
  WebhookPatchBody,
  WebhookReplayAnswer,
} from '../../shared/schemas/webhooks-api.ts'
import { defineRoute, type ApiRoute } from '../http/api-route.ts'
import type { AppContext } from '../http/state.ts'
import { merchantScope } from '../policies/scope.ts'
import {
  createWebhookEndpoint,
  replayWebhookDelivery,
  updateWebhookEndpoint,
} from './commands/manage-webhook-endpoints.ts'
import { presentDeliveryForApi, presentEndpointForApi } from './presenters.ts'
import {
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
} from './queries/webhook-endpoints.ts'

const merchantOf = (ctx: AppContext) => merchantScope(ctx.state.principal!).merchantId

const One = z.object({ data: WebhookEndpoint })

const URL_RULES =
  'The URL must be http(s) with a host and no credentials (`url`: `invalid`), https in production (`https_required`).'

/**
 * The merchant's webhook endpoints over the API (docs/webhooks.md "The API"): the same commands
 * and queries as the owner's /merchant/webhooks pages, audited alike. No DELETE: an endpoint's
 * deliveries are its log; `active: false` stops its deliveries.
 */
export const webhookRoutes = (db: Knex, config: Config): ApiRoute[] => [
  defineRoute({
    method: 'get',
    path: '/webhooks',
    operationId: 'listWebhookEndpoints',
    policy: 'webhook.read',
    summary: 'The webhook endpoints: active first, newest first (never their secrets)',
    tags: ['webhooks'],
    response: z.object({ data: z.array(WebhookEndpoint) }),
    status: 200,
    errors: [],
    handle: async (ctx) => ({
      body: { data: (await listWebhookEndpoints(db, merchantOf(ctx))).map(presentEndpointForApi) },
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/webhooks',
    operationId: 'createWebhookEndpoint',
    policy: 'webhook.manage',
    summary: `Add an endpoint; the answer carries its signing secret, the only time it is shown. ${URL_RULES}`,
    tags: ['webhooks'],
    body: WebhookCreateBody,
    response: z.object({ data: CreatedWebhookEndpoint }),
    status: 201,
    errors: [],
    handle: async (ctx, { body }) => {
      const created = await createWebhookEndpoint(db, {
        principal: ctx.state.principal!,
        input: body,
        config,
      })
      const endpoint = await getWebhookEndpoint(db, merchantOf(ctx), created.id)
      return {
        status: 201,
        body: { data: { ...presentEndpointForApi(endpoint), secret: created.secret } },
      }
    },
  }),
  defineRoute({
    method: 'get',
    path: '/webhooks/:id',
    operationId: 'getWebhookEndpoint',
    policy: 'webhook.read',
    summary: 'One endpoint, with its deliveries of the last 24 hours by status',
    tags: ['webhooks'],
    params: WebhookIdParams,
    response: One,
    status: 200,
    errors: ['NOT_FOUND'],
    handle: async (ctx, { params }) => ({
      body: {
        data: presentEndpointForApi(await getWebhookEndpoint(db, merchantOf(ctx), params.id)),
      },
    }),
  }),
  defineRoute({
    method: 'patch',
    path: '/webhooks/:id',
    operationId: 'updateWebhookEndpoint',
    policy: 'webhook.manage',
    summary: `Change an endpoint's URL, events or active switch (partial, from the version read; turning it back on starts afresh). ${URL_RULES}`,
    tags: ['webhooks'],
    params: WebhookIdParams,
    body: WebhookPatchBody,
    response: One,
    status: 200,
    errors: ['NOT_FOUND', 'EDIT_CONFLICT'],
    handle: async (ctx, { params, body }) => {
      await updateWebhookEndpoint(db, {
        principal: ctx.state.principal!,
        id: params.id,
        version: body.version,
        input: { url: body.url, events: body.events, active: body.active },
        config,
      })
      return {
        body: {
          data: presentEndpointForApi(await getWebhookEndpoint(db, merchantOf(ctx), params.id)),
        },
      }
    },
  }),
  defineRoute({
    method: 'get',
    path: '/webhooks/:id/deliveries',
    operationId: 'listWebhookDeliveries',
    policy: 'webhook.read',
    summary:
      "An endpoint's deliveries, newest first, each with every attempt (time, duration, status, the answer's first 500 characters)",
    tags: ['webhooks'],
    params: WebhookIdParams,
    query: WebhookDeliveryListQuery,
    response: WebhookDeliveryPage,
    status: 200,
    errors: ['NOT_FOUND'],
    handle: async (ctx, { params, query }) => {
      const { deliveries, total } = await listWebhookDeliveries(db, merchantOf(ctx), params.id, {
        page: query.page,
        perPage: query.per_page,
        status: query.status,
      })
      return {
        body: {
          data: deliveries.map(presentDeliveryForApi),
          meta: {
            page: query.page,
            per_page: query.per_page,
            total,
            total_pages: Math.max(1, Math.ceil(total / query.per_page)),
          },
        },
      }
    },
  }),
  defineRoute({
    method: 'post',
    path: '/webhooks/:id/deliveries/:delivery_id/replay',
    operationId: 'replayWebhookDelivery',
    policy: 'webhook.manage',
    summary:
      'Send a delivery again: the same body and delivery id, one attempt, logged as a replay (to a disabled endpoint too)',
    tags: ['webhooks'],
    params: WebhookDeliveryParams,
    response: WebhookReplayAnswer,
    status: 202,
    errors: ['NOT_FOUND'],
    handle: async (ctx, { params }) => {
      const delivery = await replayWebhookDelivery(db, {
        principal: ctx.state.principal!,
        endpointId: params.id,
        deliveryId: params.delivery_id,
      })
      return {
        status: 202,
        body: { data: { id: delivery.id, event: delivery.event, status: 'pending' as const } },
      }
    },
  }),
]
