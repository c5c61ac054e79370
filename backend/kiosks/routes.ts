import type { Knex } from 'knex'
import { z } from 'zod'
import { defineRoute, type ApiRoute } from '../http/api-route.ts'
import { AppError } from '../errors.ts'
import { PairBody, PairResult, SyncBody, SyncResult } from '../../shared/schemas/kiosk-api.ts'
import { pairKiosk } from './commands/pair-kiosk.ts'
import { syncKiosk } from './sync-kiosk.ts'

/** Pairing: a one-time code is the only credential. */
export const kioskPairingRoutes = (db: Knex): ApiRoute[] => [
  defineRoute({
    method: 'post',
    path: '/kiosk/pair',
    operationId: 'pairKiosk',
    summary: 'Exchange a one-time pairing code for a device credential',
    tags: ['kiosk'],
    security: 'none',
    body: PairBody,
    response: z.object({ data: PairResult }),
    status: 201,
    errors: ['PAIRING_CODE_INVALID', 'PAIRING_CODE_EXPIRED'],
    handle: async (_ctx, { body }) => ({
      body: { data: await pairKiosk(db, { code: body.code, appVersion: body.app_version }) },
    }),
  }),
]

/** Sync: authenticated by the device credential (deviceAuth). */
export const kioskSyncRoutes = (db: Knex): ApiRoute[] => [
  defineRoute({
    method: 'post',
    path: '/kiosk/sync',
    operationId: 'syncKiosk',
    summary: 'Push the kiosk outbox, pull what changed since the cursor',
    tags: ['kiosk'],
    security: 'device',
    body: SyncBody,
    response: z.object({ data: SyncResult }),
    status: 200,
    errors: ['DEVICE_REVOKED'],
    handle: async (ctx, { body }) => {
      const actor = ctx.state.actor
      if (actor?.type !== 'kiosk') throw new AppError('UNAUTHENTICATED')
      return { body: { data: await syncKiosk(db, actor.id, body) } }
    },
  }),
]
