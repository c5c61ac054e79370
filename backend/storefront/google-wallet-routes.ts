import type { Knex } from 'knex'
import type { Config } from '../config.ts'
import { AppError } from '../errors.ts'
import { pageList } from '../web/pages/page-route.ts'
import { seeOther } from '../web/pages/page.tsx'
import { offerGoogleWalletSave } from '../wallet/google/commands/offer-google-wallet-save.ts'

/**
 * "Save to Google Wallet" (the join success page, the card page, the enrollment email): the
 * save link is signed now, from the card as it is now, and the member is sent on to Google at
 * once (303). A link in an email therefore never goes stale; signed out, the member logs in
 * first and comes back here (`?next=`).
 */
export const googleWalletSaveRoutes = (db: Knex, config: Config) => {
  const pages = pageList()
  pages.get('googleWalletSave', 'member.account.read', async (ctx) => {
    const { site, customer } = ctx.state
    if (site.kind !== 'store') throw new AppError('NOT_FOUND')
    if (!customer) throw new AppError('UNAUTHENTICATED')
    const { url } = await offerGoogleWalletSave(db, config, {
      merchantId: site.merchant.id,
      customerId: customer.id,
      origin: new URL(ctx.state.urls.absolute('home')).origin,
    })
    ctx.set('Cache-Control', 'no-store')
    seeOther(ctx, url)
  })
  return pages.routes
}
