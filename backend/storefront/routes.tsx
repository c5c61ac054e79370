import Router from '@koa/router'
import { formBody } from '../web/pages/query.ts'
import type { Knex } from 'knex'
import { isLanguage } from '../../shared/languages.ts'
import { JoinForm, dateFromParts, fieldsWithIssues } from '../../shared/schemas/storefront.ts'
import type { Config } from '../config.ts'
import { AppError } from '../errors.ts'
import type { SiteAppState } from '../web/site/site-context.ts'
import { safeNext } from '../web/site/safe-next.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { rememberLanguage } from '../web/pages/page-language.ts'
import { createSession } from '../web/sessions/session-store.ts'
import { setSessionCookie } from '../web/sessions/session-middleware.ts'
import { webAuthSettings } from '../web/sessions/settings.ts'
import { translator } from '../i18n/i18n.ts'
import { issueFieldErrors } from '../web/pages/form-errors.ts'
import { setPreferredLanguage } from '../web/sessions/commands/set-preferred-language.ts'
import { joinProgramme } from './commands/join-programme.ts'
import { cardQrSvg } from './card-qr.ts'
import { JoinPage, type JoinProgramme } from './views/join-page.tsx'
import { JoinedPage } from './views/joined-page.tsx'
import { GoodbyeNotice } from './views/account-delete-page.tsx'

const storeOf = (ctx: PageCtx) => {
  const site = ctx.state.site
  if (site.kind !== 'store') throw new AppError('NOT_FOUND')
  return site
}

/** The merchant's live programme, as the join page shows it. */
const liveProgramme = async (db: Knex, merchantId: string): Promise<JoinProgramme | null> =>
  (await db('programmes')
    .where({ merchant_id: merchantId, status: 'active' })
    .first('name', 'terms', 'terms_url')) ?? null

/**
 * The storefront pages every visitor sees: home, join and its answer, the language choice.
 * Member pages and sign-in live in their own routers (they need a session).
 */
export const storefrontRoutes = (db: Knex, config: Config) => {
  const router = new Router<SiteAppState>()
  const settings = webAuthSettings(config)

  router.get('/', (ctx) => {
    seeOther(ctx, ctx.state.urls.path(ctx.state.customer ? 'account' : 'join'))
  })

  router.get('/join', async (ctx) => {
    const site = storeOf(ctx)
    if (ctx.state.customer) return seeOther(ctx, ctx.state.urls.path('account'))
    sendPage(
      ctx,
      'storefront',
      <JoinPage
        programme={await liveProgramme(db, site.merchant.id)}
        notice={ctx.query.goodbye !== undefined ? <GoodbyeNotice /> : null}
      />,
    )
  })

  router.post('/join', async (ctx) => {
    const site = storeOf(ctx)
    const programme = await liveProgramme(db, site.merchant.id)
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
    const joined = await joinProgramme(db, {
      merchantId: site.merchant.id,
      storeCode: site.store.code,
      form: parsed.data,
      language: ctx.state.language,
      urls: ctx.state.urls,
    })
    if (joined.alreadyMember)
      return seeOther(ctx, ctx.state.urls.path('joinDone', null, { already: 1 }))
    // The new member is signed in on this browser (no password yet: the card page and the
    // account are theirs; a password comes through "forgot password" or the welcome email).
    const session = await createSession(db, {
      account: { audience: 'customer', id: joined.customerId, merchantId: site.merchant.id },
      timeouts: settings.timeouts.customer,
      ip: ctx.ip,
      userAgent: ctx.get('user-agent'),
    })
    setSessionCookie(ctx, session)
    seeOther(ctx, ctx.state.urls.path('joinDone'))
  })

  router.get('/join/done', async (ctx) => {
    const site = storeOf(ctx)
    const programme = await liveProgramme(db, site.merchant.id)
    const customer = ctx.state.customer
    const card =
      customer && ctx.query.already === undefined
        ? await db('cards').where({ customer_id: customer.id }).first('id', 'number')
        : null
    const bonus = card
      ? await db('ledger_entries')
          .where({ card_id: card.id, type: 'welcome_bonus' })
          .first('points_delta', 'stamps_delta')
      : null
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
                welcomeBonus: bonus ? bonus.points_delta + bonus.stamps_delta : 0,
              }
            : null
        }
      />,
    )
  })

  router.post('/language', async (ctx) => {
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

  return router
}
