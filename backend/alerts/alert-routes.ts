import type { Knex } from 'knex'
import { z } from 'zod'
import {
  Alert,
  AlertAcknowledgeBody,
  AlertIdParams,
  AlertListQuery,
  AlertPage,
} from '../../shared/schemas/alerts-api.ts'
import { defineRoute, type ApiRoute } from '../http/api-route.ts'
import { actingOn, merchantScope } from '../policies/scope.ts'
import { acknowledgeAlert } from './commands/acknowledge-alert.ts'
import { listAlerts } from './queries/alerts.ts'

const AlertAnswer = z.object({ data: Alert })

/**
 * The merchant's alerts over the API (the same query and command as the Alerts page): open or
 * acknowledged, and the acknowledgement (from the version read; once).
 */
export const alertRoutes = (db: Knex): ApiRoute[] => [
  defineRoute({
    method: 'get',
    path: '/alerts',
    operationId: 'listAlerts',
    policy: 'alert.read',
    summary: 'Alerts about kiosks and cards: open (not acknowledged) or acknowledged',
    tags: ['alerts'],
    query: AlertListQuery,
    response: AlertPage,
    status: 200,
    errors: [],
    handle: async (ctx, { query }) => ({
      body: await listAlerts(db, merchantScope(ctx.state.principal!), query),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/alerts/:id/acknowledge',
    operationId: 'acknowledgeAlert',
    policy: 'alert.acknowledge',
    summary: 'Acknowledge an alert (who and when are kept; it moves to the acknowledged list)',
    tags: ['alerts'],
    params: AlertIdParams,
    body: AlertAcknowledgeBody,
    response: AlertAnswer,
    status: 200,
    errors: ['NOT_FOUND', 'EDIT_CONFLICT', 'ALERT_ALREADY_ACKNOWLEDGED'],
    handle: async (ctx, { params, body }) => ({
      body: {
        data: await acknowledgeAlert(db, {
          ...actingOn(ctx.state.principal!),
          alertId: params.id,
          version: body.version,
        }),
      },
    }),
  }),
]
