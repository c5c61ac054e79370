import Router from '@koa/router'
import { bodyParser } from '@koa/bodyparser'
import type { Knex } from 'knex'
import { z } from 'zod'
import type { AppContext, AppState } from '../../http/state.ts'
import { APPLE_WEB_SERVICE_PATH, buildCardPass, type PassConfig } from './build-pass.ts'
import { registerDevice, unregisterDevice } from './commands/register-device.ts'
import { passByToken } from './pass-tokens.ts'
import { passesUpdatedSince } from './queries/registrations.ts'
import { appleSigning } from './signing-settings.ts'

// Apple's pass web service (developer.apple.com/documentation/walletpasses), under the pass's
// webServiceURL: devices register for a pass's updates, ask which passes changed, fetch the
// latest version and send their logs. Not a page (no session, no CSRF): a pass authenticates
// with `Authorization: ApplePass <token>`, and a wrong token is 401 whether the serial exists
// or not (passByToken does the same work for both).

const PushBody = z.object({ pushToken: z.string().min(1).max(200) })
const LogBody = z.object({ logs: z.array(z.string().max(2000)).max(100) })
const ID = /^[A-Za-z0-9._-]{1,200}$/

const unauthorized = (ctx: AppContext) => {
  ctx.status = 401
  ctx.body = ''
}

/** The pass the request's token opens (same pass type as the signing in force), or null. */
const authorizedPass = async (
  ctx: AppContext & { params: Record<string, string> },
  db: Knex,
  config: PassConfig,
) => {
  const header = ctx.get('authorization')
  const token = header.startsWith('ApplePass ') ? header.slice('ApplePass '.length).trim() : ''
  const [pass, signing] = await Promise.all([
    passByToken(db, config, ctx.params.serial! ?? '', token),
    appleSigning(db, config),
  ])
  if (!pass || !signing || signing.passTypeId !== ctx.params.passType!) return null
  return { ...pass, signing }
}

export const appleWalletServiceRoutes = (db: Knex, config: PassConfig) => {
  const router = new Router<AppState>({ prefix: `${APPLE_WEB_SERVICE_PATH}/v1` })
  router.use(bodyParser({ enableTypes: ['json'], jsonLimit: '256kb', encoding: 'utf-8' }))

  router.post('/devices/:device/registrations/:passType/:serial', async (ctx) => {
    const pass = await authorizedPass(ctx, db, config)
    if (!pass) return unauthorized(ctx)
    const body = PushBody.safeParse(ctx.request.body)
    if (!body.success || !ID.test(ctx.params.device!)) {
      ctx.status = 400
      ctx.body = ''
      return
    }
    const outcome = await registerDevice(db, {
      merchantId: pass.merchantId,
      cardId: pass.cardId,
      deviceLibraryId: ctx.params.device!,
      passTypeId: ctx.params.passType!,
      pushToken: body.data.pushToken,
    })
    ctx.status = outcome === 'created' ? 201 : 200
    ctx.body = ''
  })

  router.delete('/devices/:device/registrations/:passType/:serial', async (ctx) => {
    const pass = await authorizedPass(ctx, db, config)
    if (!pass) return unauthorized(ctx)
    await unregisterDevice(db, {
      merchantId: pass.merchantId,
      cardId: pass.cardId,
      deviceLibraryId: ctx.params.device!,
    })
    ctx.status = 200
    ctx.body = ''
  })

  router.get('/devices/:device/registrations/:passType', async (ctx) => {
    const since =
      typeof ctx.query.passesUpdatedSince === 'string' ? ctx.query.passesUpdatedSince : null
    const updated = await passesUpdatedSince(db, {
      deviceLibraryId: ctx.params.device!,
      passTypeId: ctx.params.passType!,
      since,
    })
    if (!updated) {
      ctx.status = 204
      return
    }
    ctx.body = updated
  })

  router.get('/passes/:passType/:serial', async (ctx) => {
    const pass = await authorizedPass(ctx, db, config)
    if (!pass) return unauthorized(ctx)
    const built = await buildCardPass(db, config, pass, pass.signing)
    // HTTP dates have whole seconds: a change within the same second is still newer.
    const modified = Math.floor(built.updatedAt.getTime() / 1000) * 1000
    const since = Date.parse(ctx.get('if-modified-since'))
    ctx.set('Last-Modified', new Date(modified).toUTCString())
    ctx.set('Cache-Control', 'no-cache')
    if (!Number.isNaN(since) && modified <= since) {
      ctx.status = 304
      return
    }
    ctx.type = 'application/vnd.apple.pkpass'
    ctx.body = built.pkpass
  })

  router.post('/log', (ctx) => {
    const body = LogBody.safeParse(ctx.request.body)
    if (body.success)
      for (const message of body.data.logs)
        ctx.state.log.warn({ apple_wallet_log: message }, 'Apple Wallet device log')
    ctx.status = 200
    ctx.body = ''
  })

  return router
}
