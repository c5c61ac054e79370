import Router from '@koa/router'
import type { Knex } from 'knex'
import { bodyParser } from '@koa/bodyparser'
import type { z } from 'zod'
import type { AppState } from '../http/state.ts'
import { AppError, validationFailed } from '../errors.ts'
import { PairBody, SyncBody } from '../../shared/schemas/kiosk-api.ts'
import { pairKiosk } from './commands/pair-kiosk.ts'
import { deviceAuth } from './device-auth.ts'
import { syncKiosk } from './sync-kiosk.ts'

const parseBody = <S extends z.ZodType>(schema: S, body: unknown): z.output<S> => {
  const parsed = schema.safeParse(body ?? {})
  if (!parsed.success) throw validationFailed(parsed.error, 'body')
  return parsed.data
}

/** The kiosk's endpoints: pairing (with a one-time code) and sync (with the device credential). */
export const kioskRouter = (db: Knex) => {
  const router = new Router<AppState>({ prefix: '/api/v1/kiosk' })
  router.use(bodyParser({ enableTypes: ['json'], jsonLimit: '2mb', encoding: 'utf-8' }))
  router.post('/pair', async (ctx) => {
    const body = parseBody(PairBody, (ctx.request as { body?: unknown }).body)
    ctx.status = 201
    ctx.body = { data: await pairKiosk(db, { code: body.code, appVersion: body.app_version }) }
  })
  router.post('/sync', deviceAuth(db), async (ctx) => {
    const body = parseBody(SyncBody, (ctx.request as { body?: unknown }).body)
    const actor = ctx.state.actor
    if (actor?.type !== 'kiosk') throw new AppError('UNAUTHENTICATED')
    ctx.body = { data: await syncKiosk(db, actor.id, body) }
  })
  return router
}
