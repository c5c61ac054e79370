import type { Knex } from 'knex'
import { AA_CONTRAST, roundRatio, whiteTextContrast } from '../../shared/brand-colour.ts'
import { translator } from '../i18n/i18n.ts'
import { updateStore } from '../tenancy/commands/update-store.ts'
import { formError, invalidFieldErrors, isErrorOf } from '../web/pages/form-errors.ts'
import { pageList } from '../web/pages/page-route.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { formBody } from '../web/pages/query.ts'
import { formatters } from '../web/pages/format.ts'
import { AppError } from '../errors.ts'
import { LANGUAGES } from '../../shared/languages.ts'
import { loadStorePage, loadStoresPage } from './queries/stores.ts'
import { parseStoreSubmission, STORE_FORM_FIELDS } from './store-form.ts'
import type { FormValues } from '../web/pages/query.ts'
import { MerchantStorePage, type StoreFormState } from './views/store-page.tsx'
import { MerchantStoresPage } from './views/stores-page.tsx'

/** The errors the store form shows above or beside its fields (the rest go to the error page). */
const FORM_ERRORS = ['VALIDATION_FAILED', 'EDIT_CONFLICT', 'PROGRAMME_TERMS_REQUIRED'] as const

const FIELDS = [
  ...STORE_FORM_FIELDS,
  ...LANGUAGES.map((language) => `description_${language}` as const),
  'logo',
] as const

/** Each refused field's message in the page's language (VALIDATION_FAILED codes per field). */
const fieldMessages = (ctx: PageCtx, error: AppError<'VALIDATION_FAILED'>, values: FormValues) => {
  const t = translator(ctx.state.language, 'merchant')
  return invalidFieldErrors(error, FIELDS, (field, code) => {
    if (field === 'logo') return t(`store_settings.errors.logo_${logoCode(code)}`)
    if (field.startsWith('description_')) return t('store_settings.errors.description')
    if (field === 'brand_color' && code === 'low_contrast') {
      const colour = (values.brand_color ?? '').trim()
      return t('store_settings.errors.brand_color_contrast', {
        colour,
        ratio: formatters(ctx.state.language).number(roundRatio(whiteTextContrast(colour) ?? 1)),
        minimum: formatters(ctx.state.language).number(AA_CONTRAST),
      })
    }
    if (field === 'brand_color') return t('store_settings.errors.brand_color')
    if (field === 'name') return t('store_settings.errors.name')
    if (field === 'phone' && code !== 'too_big') return t('store_settings.errors.phone')
    if (field === 'timezone') return t('store_settings.errors.timezone')
    if (field === 'default_language') return t('store_settings.errors.default_language')
    return t('store_settings.errors.too_long')
  })
}

const LOGO_CODES = [
  'empty',
  'too_large',
  'not_image',
  'type_mismatch',
  'svg_script',
  'svg_external',
] as const
const logoCode = (code: string) => LOGO_CODES.find((c) => c === code) ?? 'not_image'

/**
 * The Stores pages (/merchant/stores, docs/architecture.md "Stores and branding"): the stores
 * within the user's reach, and one store's form (name, description per language, address,
 * phone, time zone, language, colour, logo) saved by the same command as the API. A refused
 * save comes back with what was typed and a message per field; a stale one says so.
 */
export const storePages = (db: Knex) => {
  const pages = pageList()

  pages.get('merchantStores', 'store.read', async (ctx) => {
    const data = await loadStoresPage(db, ctx.state.principal!)
    const saved = data.stores.find((store) => store.id === ctx.query.saved) ?? null
    sendPage(
      ctx,
      'merchant',
      <MerchantStoresPage {...data} user={ctx.state.merchantUser!} saved={saved} />,
    )
  })

  const editPage = async (ctx: PageCtx, form?: StoreFormState, status = 200) => {
    const data = await loadStorePage(db, ctx.state.principal!, String(ctx.params.id))
    sendPage(
      ctx,
      'merchant',
      <MerchantStorePage {...data} user={ctx.state.merchantUser!} form={form} />,
      { status },
    )
  }

  pages.get('merchantStore', 'store.read', (ctx) => editPage(ctx))

  pages.post('merchantStore', 'store.update', async (ctx) => {
    const values = formBody(ctx)
    const storeId = String(ctx.params.id)
    const t = translator(ctx.state.language, 'merchant')
    try {
      const submission = parseStoreSubmission(values, ctx.state.upload)
      if (!submission.ok) throw new AppError('VALIDATION_FAILED', { fields: submission.fields })
      await updateStore(db, {
        principal: ctx.state.principal!,
        storeId,
        patch: submission.patch,
        logo: submission.logo,
      })
    } catch (error) {
      if (!isErrorOf(error, FORM_ERRORS)) throw error
      const invalid = error.code === 'VALIDATION_FAILED'
      return editPage(
        ctx,
        {
          values,
          errors: invalid ? fieldMessages(ctx, error as AppError<'VALIDATION_FAILED'>, values) : {},
          message: invalid ? t('store_settings.errors.summary') : formError(ctx, error),
        },
        error.status,
      )
    }
    seeOther(ctx, ctx.state.urls.path('merchantStores', null, { saved: storeId }))
  })

  return pages.routes
}
