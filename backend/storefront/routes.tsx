import { pageList } from '../web/pages/page-route.ts'
import { formBody } from '../web/pages/query.ts'
import type { Knex } from 'knex'
import { isLanguage } from '../../shared/languages.ts'
import { JoinForm, dateFromParts, fieldsWithIssues } from '../../shared/schemas/storefront.ts'
import type { Config } from '../config.ts'
import { AppError } from '../errors.ts'
import { safeNext } from '../web/site/safe-next.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { rememberLanguage } from '../web/pages/page-language.ts'
import { setSessionCookie } from '../web/sessions/session-middleware.ts'
import { webAuthSettings } from '../accounts/settings.ts'
import { translator } from '../i18n/i18n.ts'
import { formError, isErrorOf, issueFieldErrors } from '../web/pages/form-errors.ts'
import { requestLimits } from '../security/request-limits.ts'
import { setPreferredLanguage } from '../accounts/commands/set-preferred-language.ts'
import { joinProgramme } from '../loyalty/commands/join-programme.ts'
import { cardQrSvg } from './card-qr.ts'
import { isGoogleWalletReady } from '../wallet/google/google-wallet-settings.ts'
import { JoinPage } from './views/join-page.tsx'
import { findJoinableProgramme, findNewMemberCard } from '../loyalty/member-queries.ts'
import { JoinedPage } from './views/joined-page.tsx'
import { GoodbyeNotice } from './views/account-delete-page.tsx'

const storeOf = (ctx: PageCtx) => {
  const site = ctx.state.site
  if (site.kind !== 'store') throw new AppError('NOT_FOUND')
  return site
}

/**
 * The storefront pages every visitor sees: home, join and its answer, the language choice.
 * Member pages and sign-in live in their own routers (they need a session).
 */
export const storefrontRoutes = (db: Knex, config: Config) => {
  const pages = pageList()
  const settings = webAuthSettings(config)
  const limits = requestLimits(config)

  pages.get('home', 'site.visit', (ctx) => {
    seeOther(ctx, ctx.state.urls.path(ctx.state.customer ? 'account' : 'join'))
  })

  pages.get('join', 'site.visit', async (ctx) => {
    const site = storeOf(ctx)
    if (ctx.state.customer) return seeOther(ctx, ctx.state.urls.path('account'))
    sendPage(
      ctx,
      'storefront',
      <JoinPage
        programme={await findJoinableProgramme(db, site.merchant.id)}
        notice={ctx.query.goodbye !== undefined ? <GoodbyeNotice /> : null}
      />,
    )
  })

  pages.post('join', 'site.visit', async (ctx) => {
    const site = storeOf(ctx)
    const programme = await findJoinableProgramme(db, site.merchant.id)
    if (!programme) throw new AppError('PROGRAM_INACTIVE')
    const form = formBody(ctx)
    const parsed = JoinForm.safeParse(form)
    if (!parsed.success) {
      const t = translator(ctx.state.language, 'storefront')
      // The birthday is checked on its own too: zod stops at the first object-level failure.
      const birthday = dateFromParts({
        day: form.birthday_day,
        month: form.birthday_month,
        year: form.birthday_year,
      })
      const fields = new Set(fieldsWithIssues(parsed.error))
      if (!birthday.ok) fields.add('birthday')
      const errors = issueFieldErrors(
        fields,
        ['name', 'email', 'phone', 'birthday', 'terms'],
        (field) => t(`join.errors.${field}`),
      )
      return sendPage(
        ctx,
        'storefront',
        <JoinPage programme={programme} values={form} errors={errors} />,
        { status: 422 },
      )
    }
    let joined
    try {
      joined = await joinProgramme(db, {
        merchantId: site.merchant.id,
        storeCode: site.store.code,
        form: parsed.data,
        language: ctx.state.language,
        urls: ctx.state.urls,
        signIn: {
          timeouts: settings.timeouts.customer,
          ip: ctx.ip,
          userAgent: ctx.get('user-agent'),
        },
        ip: ctx.ip,
        limits,
      })
    } catch (error) {
      if (!isErrorOf(error, ['RATE_LIMITED'] as const)) throw error
      // The form again with the visitor's values and when to try again, in the page language.
      return sendPage(
        ctx,
        'storefront',
        <JoinPage programme={programme} values={form} error={formError(ctx, error)} />,
        { status: 429 },
      )
    }
    if (!joined.session) return seeOther(ctx, ctx.state.urls.path('joinDone', null, { already: 1 }))
    setSessionCookie(ctx, joined.session)
    seeOther(ctx, ctx.state.urls.path('joinDone'))
  })

  pages.get('joinDone', 'site.visit', async (ctx) => {
    const site = storeOf(ctx)
    const programme = await findJoinableProgramme(db, site.merchant.id)
    const customer = ctx.state.customer
    const card =
      customer && ctx.query.already === undefined ? await findNewMemberCard(db, customer.id) : null
    sendPage(
      ctx,
      'storefront',
      <JoinedPage
        programmeName={programme?.name ?? {}}
        card={
          card
            ? {
                number: card.number,
                qrSvg: await cardQrSvg(ctx.state.urls.absolute('home'), card.number),
                welcomeBonus: card.welcomeBonus,
              }
            : null
        }
        googleWallet={card !== null && (await isGoogleWalletReady(db))}
      />,
    )
  })

  pages.post('language', 'site.visit', async (ctx) => {
    const form = formBody(ctx)
    if (!isLanguage(form.language))
      throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'language', code: 'invalid' }] })
    rememberLanguage(ctx, form.language)
    const customer = ctx.state.customer
    if (customer)
      await setPreferredLanguage(
        db,
        { audience: 'customer', id: customer.id, merchantId: customer.merchantId },
        form.language,
      )
    seeOther(ctx, safeNext(form.next, ctx.state.site) ?? ctx.state.urls.path('home'))
  })

  return pages.routes
}
