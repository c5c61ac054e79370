import { pageList } from '../web/pages/page-route.ts'
import { formBody } from '../web/pages/query.ts'
import type { Knex } from 'knex'
import type { Config } from '../config.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { formError, isErrorOf } from '../web/pages/form-errors.ts'
import { qrSvg } from '../web/pages/qr-svg.ts'
import { merchantScope } from '../policies/scope.ts'
import { webAuthSettings } from '../accounts/settings.ts'
import { loadSecondFactorState, secondFactorKey } from '../accounts/second-factor.ts'
import {
  beginTotpEnrolment,
  confirmTotpEnrolment,
  disableSecondFactor,
} from '../accounts/commands/second-factor.ts'
import { loadMerchantPageFrame } from './queries/kiosks.ts'
import { SecurityPage } from './views/security-page.tsx'

/**
 * `/merchant/security`: every merchant user turns two-step verification on or off for their own
 * account (policy `second_factor.manage`); once on, their sign-in asks for a code too.
 */
export const securityPages = (db: Knex, config: Config) => {
  const pages = pageList()
  const settings = webAuthSettings(config)
  const key = secondFactorKey(config)

  const accountOf = (ctx: PageCtx) => {
    const user = ctx.state.merchantUser!
    return { audience: 'merchant' as const, id: user.id, merchantId: user.merchantId }
  }

  const page = async (
    ctx: PageCtx,
    extra: {
      recoveryCodes?: string[]
      error?: string | null
      status?: number
    } = {},
  ) => {
    ctx.set('Cache-Control', 'no-store')
    const account = accountOf(ctx)
    const [frame, state] = await Promise.all([
      loadMerchantPageFrame(db, merchantScope(ctx.state.principal!)),
      loadSecondFactorState(db, account),
    ])
    const enrolment =
      state.enabled || extra.recoveryCodes
        ? undefined
        : await beginTotpEnrolment(db, { account, email: ctx.state.merchantUser!.email, key })
    sendPage(
      ctx,
      'merchant',
      <SecurityPage
        merchantName={frame.merchantName}
        storeNames={frame.storeNames}
        user={ctx.state.merchantUser!}
        state={state}
        enrolment={
          enrolment && { qrSvg: await qrSvg(enrolment.otpauthUrl), secret: enrolment.secret }
        }
        recoveryCodes={extra.recoveryCodes}
        error={extra.error}
        done={ctx.query.done === 'disabled' ? 'disabled' : undefined}
      />,
      extra.status ? { status: extra.status } : {},
    )
  }

  pages.get('merchantSecurity', 'second_factor.manage', (ctx) => page(ctx))

  pages.post('merchantSecurity', 'second_factor.manage', async (ctx) => {
    const form = formBody(ctx)
    const account = accountOf(ctx)
    const code = form.code ?? ''
    try {
      if (form.action === 'disable') {
        await disableSecondFactor(db, { account, code, key, settings })
        return seeOther(ctx, ctx.state.urls.path('merchantSecurity', null, { done: 'disabled' }))
      }
      const { recoveryCodes } = await confirmTotpEnrolment(db, { account, code, key, settings })
      return page(ctx, { recoveryCodes })
    } catch (error) {
      if (!isErrorOf(error, ['SECOND_FACTOR_INVALID', 'RATE_LIMITED'] as const)) throw error
      return page(ctx, { error: formError(ctx, error), status: error.status })
    }
  })
  return pages.routes
}
