import type { Knex } from 'knex'
import { z } from 'zod'
import { defineRoute, type ApiRoute } from '../http/api-route.ts'
import { PairBody, PairResult, SyncBody, SyncResult } from '../../shared/schemas/kiosk-api.ts'
import { pairKiosk } from './commands/pair-kiosk.ts'
import { PAIRING_LIMITS } from '../security/request-limits.ts'
import { syncKiosk } from './sync-kiosk.ts'
import { findCards, loadHistory } from '../loyalty/queries.ts'
import {
  CardNumberParams,
  CardSummary,
  HistoryPage,
  HistoryQuery,
} from '../../shared/schemas/loyalty-api.ts'
import type { AppContext } from '../http/state.ts'
import type { PrincipalOf } from '../policies/principal.ts'
import { merchantScope } from '../policies/scope.ts'

const merchantOf = (ctx: AppContext) => merchantScope(ctx.state.principal!).merchantId

/** What the cashier may look up online: a customer by exact email or phone, a card's history. */
const KioskSearchQuery = z.strictObject({ query: z.string().trim().min(3).max(200) })

/** Pairing: a one-time code is the only credential. */
export const kioskPairingRoutes = (db: Knex): ApiRoute[] => [
  defineRoute({
    method: 'post',
    path: '/kiosk/pair',
    operationId: 'pairKiosk',
    policy: 'kiosk.pairing.exchange',
    summary: 'Exchange a one-time pairing code for a device credential',
    tags: ['kiosk'],
    security: 'none',
    body: PairBody,
    response: z.object({ data: PairResult }),
    status: 201,
    errors: [
      'PAIRING_CODE_INVALID',
      'PAIRING_CODE_EXPIRED',
      'RATE_LIMITED',
      'MERCHANT_SUSPENDED',
      'STORE_CLOSED',
    ],
    handle: async (ctx, { body }) => ({
      body: {
        data: await pairKiosk(db, {
          code: body.code,
          appVersion: body.app_version,
          ip: ctx.ip,
          limits: PAIRING_LIMITS,
        }),
      },
    }),
  }),
]

/** Sync: authenticated by the device credential (deviceAuth). */
export const kioskSyncRoutes = (db: Knex): ApiRoute[] => [
  defineRoute({
    method: 'post',
    path: '/kiosk/sync',
    operationId: 'syncKiosk',
    policy: 'kiosk.sync',
    summary: 'Push the kiosk outbox, pull what changed since the cursor',
    tags: ['kiosk'],
    security: 'device',
    body: SyncBody,
    response: z.object({ data: SyncResult }),
    status: 200,
    errors: ['DEVICE_REVOKED'],
    handle: async (ctx, { body }) => {
      const kiosk = ctx.state.principal as PrincipalOf<'kiosk'>
      return { body: { data: await syncKiosk(db, kiosk.id, body) } }
    },
  }),
  defineRoute({
    method: 'get',
    path: '/kiosk/cards',
    operationId: 'searchKioskCards',
    policy: 'kiosk.card.lookup',
    summary: "Find the merchant's cards by a customer's exact email address or phone number",
    tags: ['kiosk'],
    security: 'device',
    query: KioskSearchQuery,
    response: z.object({ data: z.array(CardSummary) }),
    status: 200,
    errors: ['DEVICE_REVOKED'],
    handle: async (ctx, { query }) => {
      const merchantId = merchantOf(ctx)
      const text = query.query
      const lookup = text.includes('@') ? { email: text } : { phone: text }
      return { body: { data: await findCards(db, merchantId, lookup) } }
    },
  }),
  defineRoute({
    method: 'get',
    path: '/kiosk/cards/:number/history',
    operationId: 'getKioskCardHistory',
    policy: 'kiosk.card.lookup',
    summary: "A card's recent ledger entries, newest first (the kiosk's recent visits)",
    tags: ['kiosk'],
    security: 'device',
    params: CardNumberParams,
    query: HistoryQuery,
    response: HistoryPage,
    status: 200,
    errors: ['DEVICE_REVOKED', 'CARD_NOT_FOUND'],
    handle: async (ctx, { params, query }) => ({
      body: await loadHistory(db, merchantOf(ctx), params.number, query),
    }),
  }),
]
