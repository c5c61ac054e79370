import type { Knex } from 'knex'
import { translator } from '../i18n/i18n.ts'
import { recordedActor } from '../policies/principal.ts'
import { merchantScope } from '../policies/scope.ts'
import { updateMerchantSettings } from '../tenancy/commands/update-merchant-settings.ts'
import { formError, isErrorOf } from '../web/pages/form-errors.ts'
import { pageList } from '../web/pages/page-route.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { formBody } from '../web/pages/query.ts'
import type { FormValues } from '../web/pages/query.ts'
import { loadSettingsPage } from './queries/settings.ts'
import { parseSettingsForm, SETTINGS_FIELDS } from './settings-form.ts'
import { MerchantSettingsPage } from './views/settings-page.tsx'

/**
 * The Settings page (/merchant/settings, the owner's): the length of new staff PINs, the
 * longest a kiosk stays unlocked without activity, the language of the merchant's emails. One
 * form at the version of the merchant's row; a stale save is EDIT_CONFLICT, shown above it.
 */
export const settingsPages = (db: Knex) => {
  const pages = pageList()
  const page = async (
    ctx: PageCtx,
    extra: {
      form?: { values: FormValues; fields: string[]; message: string }
      status?: number
    } = {},
  ) => {
    const data = await loadSettingsPage(db, merchantScope(ctx.state.principal!))
    const t = translator(ctx.state.language, 'merchant')
    sendPage(
      ctx,
      'merchant',
      <MerchantSettingsPage
        {...data}
        user={ctx.state.merchantUser!}
        saved={!extra.form && ctx.query.done === 'saved'}
        form={
          extra.form && {
            values: extra.form.values,
            message: extra.form.message,
            errors: Object.fromEntries(
              SETTINGS_FIELDS.filter((f) => extra.form!.fields.includes(f)).map((f) => [
                f,
                t(`settings.errors.${f}`),
              ]),
            ),
          }
        }
      />,
      { status: extra.status ?? 200 },
    )
  }

  pages.get('merchantSettings', 'settings.read', (ctx) => page(ctx))

  pages.post('merchantSettings', 'settings.update', async (ctx) => {
    const values = formBody(ctx)
    const form = parseSettingsForm(values)
    const t = translator(ctx.state.language, 'merchant')
    if (!form.ok)
      return page(ctx, {
        form: { values, fields: form.fields, message: t('settings.errors.summary') },
        status: 422,
      })
    const principal = ctx.state.principal!
    try {
      await updateMerchantSettings(db, {
        merchantId: merchantScope(principal).merchantId,
        actor: recordedActor(principal),
        patch: form.value,
      })
    } catch (error) {
      if (!isErrorOf(error, ['EDIT_CONFLICT'] as const)) throw error
      return page(ctx, {
        form: { values, fields: [], message: formError(ctx, error) },
        status: error.status,
      })
    }
    seeOther(ctx, ctx.state.urls.path('merchantSettings', null, { done: 'saved' }))
  })
  return pages.routes
}
