import { pageList } from '../web/pages/page-route.ts'
import { formBody } from '../web/pages/query.ts'
import type { Knex } from 'knex'
import type { Language } from '../../shared/languages.ts'
import { dateFromParts, fieldsWithIssues } from '../../shared/schemas/storefront.ts'
import {
  DeleteAccountForm,
  HistoryQuery,
  PasswordForm,
  ProfileForm,
} from '../../shared/schemas/storefront-account.ts'
import type { Config } from '../config.ts'
import { AppError, isAppError } from '../errors.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { translator, type Translate } from '../i18n/i18n.ts'
import type { FieldErrors } from '../web/pages/form.tsx'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { rememberLanguage } from '../web/pages/page-language.ts'
import { clearSessionCookie } from '../web/sessions/session-middleware.ts'
import { webAuthSettings } from '../accounts/settings.ts'
import { loadAccountOverview, loadMemberHistory, memberCard } from '../loyalty/member-queries.ts'
import { cardQrSvg } from './card-qr.ts'
import { buildCardPass } from '../wallet/apple/build-pass.ts'
import { appleWalletOffer } from '../wallet/apple/signing-settings.ts'
import { isGoogleWalletReady } from '../wallet/google/google-wallet-settings.ts'
import { changeCustomerPassword } from '../accounts/commands/change-customer-password.ts'
import { deleteCustomerAccount } from '../accounts/commands/delete-customer-account.ts'
import { exportCustomerData } from '../accounts/queries/export-customer-data.ts'
import { updateProfile } from '../accounts/commands/update-profile.ts'
import { issueFieldErrors } from '../web/pages/form-errors.ts'
import { AccountCardPage } from './views/account-card-page.tsx'
import { AccountDeletePage } from './views/account-delete-page.tsx'
import { AccountHistoryPage } from './views/account-history-page.tsx'
import { AccountPage } from './views/account-page.tsx'
import {
  loadCustomerProfile,
  type StoredProfile,
} from '../accounts/queries/load-customer-profile.ts'
import { AccountProfilePage, type ProfileValues } from './views/account-profile-page.tsx'

/** The profile forms' fields that have a message in `profile.errors`. */
const PROFILE_FIELDS = [
  'name',
  'phone',
  'birthday',
  'language',
  'current_password',
  'new_password',
] as const

/** A form's invalid fields, each with its message from `profile.errors`. */
const fieldErrors = (t: Translate<'account'>, fields: Iterable<string>): FieldErrors =>
  issueFieldErrors(fields, PROFILE_FIELDS, (field) => t(`profile.errors.${field}`))

/** The inline error of a refused password change; null for an error that is not the form's. */
const passwordErrors = (
  error: unknown,
  language: Language,
  t: Translate<'account'>,
): FieldErrors | null => {
  if (!isAppError(error)) return null
  switch (error.code) {
    case 'PASSWORD_TOO_SHORT':
    case 'PASSWORD_TOO_LONG':
      return { new_password: errorMessage(error.code, error.details, language) }
    case 'INVALID_CREDENTIALS':
      return { current_password: t('profile.errors.current_password') }
    case 'RATE_LIMITED':
      return { current_password: errorMessage(error.code, error.details, language) }
    default:
      return null
  }
}

/** The signed-in member and their store (requireCustomer has run). */
const memberOf = (ctx: PageCtx) => {
  const { site, customer, session } = ctx.state
  if (site.kind !== 'store') throw new AppError('NOT_FOUND')
  if (!customer || !session) throw new AppError('UNAUTHENTICATED')
  return { site, customer, session, merchantId: site.merchant.id }
}

/** The stored profile as the form's values. */
const profileValues = (row: StoredProfile): ProfileValues => {
  const [year, month, day] = row.birthday ? row.birthday.split('-') : []
  return {
    name: row.name ?? '',
    phone: row.phone ?? '',
    birthday_day: day ? String(Number(day)) : '',
    birthday_month: month ? String(Number(month)) : '',
    birthday_year: year ?? '',
    language: row.preferred_language ?? undefined,
    marketing: row.marketing_consent ? 'yes' : undefined,
  }
}

/**
 * The member pages — account, card, history, profile, data export, deletion — all behind the
 * customer session: without one, a 303 to the login page and back (`?next=`).
 */
export const accountRoutes = (db: Knex, config: Config) => {
  const pages = pageList()
  const settings = webAuthSettings(config)

  pages.get('account', 'member.account.read', async (ctx) => {
    const { customer, merchantId } = memberOf(ctx)
    const overview = await loadAccountOverview(db, merchantId, customer.id)
    sendPage(ctx, 'account', <AccountPage card={overview.card} stores={overview.stores} />)
  })

  pages.get('card', 'member.account.read', async (ctx) => {
    const { customer, merchantId } = memberOf(ctx)
    const card = await memberCard(db, merchantId, customer.id)
    const [qrSvg, appleWallet, googleWallet] = await Promise.all([
      cardQrSvg(ctx.state.urls.absolute('home'), card.number),
      appleWalletOffer(db, config),
      isGoogleWalletReady(db),
    ])
    sendPage(
      ctx,
      'account',
      <AccountCardPage
        card={{ ...card, qrSvg }}
        holder={customer.name}
        appleWallet={appleWallet}
        googleWallet={googleWallet}
      />,
    )
  })

  // The card's Apple Wallet pass, built and signed now (also the enrollment email's link: it
  // asks a signed-out member to log in first, docs/decisions.md).
  pages.get('cardPass', 'member.account.read', async (ctx) => {
    const { customer, merchantId } = memberOf(ctx)
    const card = await memberCard(db, merchantId, customer.id)
    const built = await buildCardPass(db, config, { merchantId, cardId: card.id })
    ctx.type = 'application/vnd.apple.pkpass'
    ctx.set('Cache-Control', 'private, no-store')
    ctx.set('X-Content-Type-Options', 'nosniff')
    ctx.attachment(`card-${card.number}.pkpass`)
    ctx.body = built.pkpass
  })

  pages.get('cardQr', 'member.account.read', async (ctx) => {
    const { customer, merchantId } = memberOf(ctx)
    const card = await memberCard(db, merchantId, customer.id)
    ctx.type = 'image/svg+xml'
    ctx.set('Cache-Control', 'private, no-store')
    ctx.set('X-Content-Type-Options', 'nosniff')
    ctx.body = await cardQrSvg(ctx.state.urls.absolute('home'), card.number)
  })

  pages.get('history', 'member.account.read', async (ctx) => {
    const { site, customer, merchantId } = memberOf(ctx)
    const { page } = HistoryQuery.parse(ctx.query)
    const history = await loadMemberHistory(db, merchantId, customer.id, page)
    const last = Math.max(1, history.meta.total_pages)
    if (page > last) return seeOther(ctx, ctx.state.urls.path('history', null, { page: last }))
    sendPage(
      ctx,
      'account',
      <AccountHistoryPage view={{ ...history, timeZone: site.store.timezone }} />,
    )
  })

  pages.get('profile', 'member.account.read', async (ctx) => {
    const { customer, merchantId } = memberOf(ctx)
    const row = await loadCustomerProfile(db, merchantId, customer.id)
    const notice =
      ctx.query.password !== undefined ? 'password' : ctx.query.saved !== undefined ? 'saved' : null
    sendPage(
      ctx,
      'account',
      <AccountProfilePage
        email={row.email}
        values={profileValues(row)}
        marketingSince={row.marketing_consent_at?.toISOString() ?? null}
        hasPassword={row.has_password}
        notice={notice}
      />,
    )
  })

  pages.post('profile', 'member.profile.update', async (ctx) => {
    const { customer, session, merchantId } = memberOf(ctx)
    const form = formBody(ctx)
    const row = await loadCustomerProfile(db, merchantId, customer.id)
    const t = translator(ctx.state.language, 'account')
    const page = (errors: { details?: FieldErrors; password?: FieldErrors }, status = 422) =>
      sendPage(
        ctx,
        'account',
        <AccountProfilePage
          email={row.email}
          values={errors.details ? form : profileValues(row)}
          marketingSince={row.marketing_consent_at?.toISOString() ?? null}
          hasPassword={row.has_password}
          errors={errors.details}
          passwordErrors={errors.password}
        />,
        { status },
      )

    if (form.intent === 'password') {
      const parsed = PasswordForm.safeParse(form)
      if (!parsed.success) return page({ password: fieldErrors(t, fieldsWithIssues(parsed.error)) })
      try {
        await changeCustomerPassword(db, {
          merchantId,
          customerId: customer.id,
          email: customer.email,
          sessionId: session.id,
          currentPassword: parsed.data.current_password,
          newPassword: parsed.data.new_password,
          settings,
        })
      } catch (error) {
        const errors = passwordErrors(error, ctx.state.language, t)
        if (!errors) throw error
        return page(
          { password: errors },
          isAppError(error) && error.code === 'RATE_LIMITED' ? 429 : 422,
        )
      }
      return seeOther(ctx, ctx.state.urls.path('profile', null, { password: 1 }))
    }

    const parsed = ProfileForm.safeParse(form)
    if (!parsed.success) {
      // The birthday is checked on its own too: zod stops at the first object-level failure.
      const fields = new Set(fieldsWithIssues(parsed.error))
      const birthday = dateFromParts({
        day: form.birthday_day,
        month: form.birthday_month,
        year: form.birthday_year,
      })
      if (!birthday.ok) fields.add('birthday')
      return page({ details: fieldErrors(t, fields) })
    }
    await updateProfile(db, {
      merchantId,
      customerId: customer.id,
      profile: parsed.data,
      requestId: ctx.state.requestId,
    })
    rememberLanguage(ctx, parsed.data.language)
    seeOther(ctx, ctx.state.urls.path('profile', null, { saved: 1 }))
  })

  pages.get('exportData', 'member.data.export', async (ctx) => {
    const { site, customer, merchantId } = memberOf(ctx)
    const data = await exportCustomerData(db, { merchantId, customerId: customer.id })
    const day = data.exported_at.slice(0, 10)
    ctx.type = 'application/json; charset=utf-8'
    ctx.set('Cache-Control', 'private, no-store')
    ctx.attachment(`${site.store.code.toLowerCase()}-my-data-${day}.json`)
    ctx.body = `${JSON.stringify(data, null, 2)}\n`
  })

  pages.get('deleteAccount', 'member.account.delete', async (ctx) => {
    const { customer, merchantId } = memberOf(ctx)
    const card = await memberCard(db, merchantId, customer.id).catch(() => null)
    sendPage(ctx, 'account', <AccountDeletePage cardNumber={card?.number ?? null} />)
  })

  pages.post('deleteAccount', 'member.account.delete', async (ctx) => {
    const { customer, merchantId } = memberOf(ctx)
    if (!DeleteAccountForm.safeParse(formBody(ctx)).success) {
      const card = await memberCard(db, merchantId, customer.id).catch(() => null)
      const t = translator(ctx.state.language, 'account')
      return sendPage(
        ctx,
        'account',
        <AccountDeletePage
          cardNumber={card?.number ?? null}
          errors={{ confirm: t('delete.errors.confirm') }}
        />,
        { status: 422 },
      )
    }
    await deleteCustomerAccount(db, {
      merchantId,
      customerId: customer.id,
      requestId: ctx.state.requestId,
    })
    clearSessionCookie(ctx, 'customer')
    ctx.state.session = undefined
    ctx.state.customer = undefined
    seeOther(ctx, ctx.state.urls.path('join', null, { goodbye: 1 }))
  })

  return pages.routes
}
