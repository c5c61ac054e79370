import { pageList } from '../web/pages/page-route.ts'
import { formBody } from '../web/pages/query.ts'
import { invalidFieldErrors, isErrorOf } from '../web/pages/form-errors.ts'
import type { Knex } from 'knex'
import type { Config } from '../config.ts'
import { translator } from '../i18n/i18n.ts'
import { PAIRING_CODE_TTL_MINUTES } from '../kiosks/commands/create-kiosk.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { pairStoreKiosk, type KioskPairing } from './commands/pair-store-kiosk.ts'
import { revokeStoreKiosk } from './commands/revoke-store-kiosk.ts'
import { merchantScope } from '../policies/scope.ts'
import { loadKiosksPage } from './queries/kiosks.ts'
import { pairingQrSvg } from './pairing-qr.ts'
import { MerchantKiosksPage, type PairFormState } from './views/kiosks-page.tsx'

const scopeOf = (ctx: PageCtx) => merchantScope(ctx.state.principal!)

/**
 * The Kiosks page on the merchant router (pair, watch, revoke: docs/architecture.md, Kiosks): GET
 * /merchant/kiosks lists the kiosks of the user's scope; POST /merchant/kiosks pairs a new one
 * and answers with its one-time code and QR (shown once, never cached); POST
 * /merchant/kiosks/code gives a pending kiosk a new code; POST /merchant/kiosks/revoke locks a
 * kiosk out (the kiosk's id in the form's `kiosk` field). A kiosk outside the scope is 404.
 */
export const kioskPages = (db: Knex, config: Config) => {
  const pages = pageList()
  const page = async (
    ctx: PageCtx,
    extra: { pairing?: KioskPairing; form?: PairFormState; revoked?: boolean; status?: number },
  ) => {
    const user = ctx.state.merchantUser!
    const data = await loadKiosksPage(db, scopeOf(ctx))
    const pairing = extra.pairing
      ? {
          code: extra.pairing.code,
          expiresAt: extra.pairing.expiresAt,
          minutes: PAIRING_CODE_TTL_MINUTES,
          kioskName: extra.pairing.kioskName,
          storeName: extra.pairing.storeName,
          qrSvg: await pairingQrSvg(extra.pairing.qrPayload),
        }
      : null
    // A page with a pairing code is a secret: kept out of caches and the back-forward history.
    if (pairing) ctx.set('Cache-Control', 'no-store')
    sendPage(
      ctx,
      'merchant',
      <MerchantKiosksPage
        {...data}
        user={user}
        now={new Date()}
        pairing={pairing}
        form={extra.form}
        revoked={extra.revoked}
      />,
      { status: extra.status ?? 200 },
    )
  }

  pages.get('merchantKiosks', 'kiosk.read', (ctx) =>
    page(ctx, { revoked: ctx.query.revoked === '1' }),
  )

  pages.post('merchantKiosks', 'kiosk.pair', async (ctx) => {
    const form = formBody(ctx)
    const state: PairFormState = { store: form.store ?? '', name: form.name ?? '' }
    try {
      const pairing = await pairStoreKiosk(db, {
        principal: ctx.state.principal!,
        baseUrl: config.baseUrl,
        store: form.store,
        name: form.name,
      })
      await page(ctx, { pairing, status: 201 })
    } catch (error) {
      if (!isErrorOf(error, ['VALIDATION_FAILED'] as const)) throw error
      const t = translator(ctx.state.language, 'merchant')
      const errors = invalidFieldErrors(error, ['store', 'name'], (field) =>
        t(`kiosks.errors.${field}`),
      )
      await page(ctx, { form: { ...state, errors }, status: 422 })
    }
  })

  pages.post('merchantKioskCode', 'kiosk.pair', async (ctx) => {
    const pairing = await pairStoreKiosk(db, {
      principal: ctx.state.principal!,
      baseUrl: config.baseUrl,
      kioskId: formBody(ctx).kiosk ?? '',
    })
    await page(ctx, { pairing, status: 201 })
  })

  pages.post('merchantKioskRevoke', 'kiosk.revoke', async (ctx) => {
    await revokeStoreKiosk(db, {
      principal: ctx.state.principal!,
      kioskId: formBody(ctx).kiosk ?? '',
    })
    seeOther(ctx, ctx.state.urls.path('merchantKiosks', null, { revoked: 1 }))
  })
  return pages.routes
}
