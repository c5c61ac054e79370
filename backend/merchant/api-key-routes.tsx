import type { Knex } from 'knex'
import { translator } from '../i18n/i18n.ts'
import { merchantScope } from '../policies/scope.ts'
import { invalidFieldErrors, isErrorOf } from '../web/pages/form-errors.ts'
import { pageList } from '../web/pages/page-route.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { formBody } from '../web/pages/query.ts'
import type { CreatedApiKey } from '../api-keys/api-keys.ts'
import {
  API_KEY_NAME_MAX_LENGTH,
  createMerchantApiKey,
  revokeMerchantApiKey,
} from '../api-keys/commands/manage-api-keys.ts'
import { loadApiKeysPage } from './queries/team.ts'
import { MerchantApiKeysPage, type ApiKeyFormState } from './views/api-keys-page.tsx'

/**
 * The API keys page on the merchant router (owners only; docs/architecture.md, Team and API
 * keys): GET /merchant/api-keys lists the keys; POST /merchant/api-keys creates one and answers
 * with the page itself, the new token on it — the only place it ever appears: not in a redirect
 * URL, not in the session, not in the database (only its hash); POST …/revoke revokes one.
 */
export const apiKeyPages = (db: Knex) => {
  const pages = pageList()
  const page = async (
    ctx: PageCtx,
    extra: { created?: CreatedApiKey; create?: ApiKeyFormState; status?: number } = {},
  ) => {
    const data = await loadApiKeysPage(db, merchantScope(ctx.state.principal!))
    sendPage(
      ctx,
      'merchant',
      <MerchantApiKeysPage
        {...data}
        user={ctx.state.merchantUser!}
        created={extra.created}
        create={extra.create}
        revoked={!extra.status && !extra.created && ctx.query.done === 'revoked'}
      />,
      { status: extra.status ?? 200 },
    )
  }

  pages.get('merchantApiKeys', 'api_key.read', (ctx) => page(ctx))

  pages.post('merchantApiKeys', 'api_key.create', async (ctx) => {
    const name = formBody(ctx).name ?? ''
    try {
      const created = await createMerchantApiKey(db, { principal: ctx.state.principal!, name })
      // 201 with the page: a reload asks to send the form again (which would make another key,
      // listed and revocable), and the token never sits anywhere a later request could read.
      await page(ctx, { created, status: 201 })
    } catch (error) {
      if (!isErrorOf(error, ['VALIDATION_FAILED'] as const)) throw error
      const t = translator(ctx.state.language, 'merchant')
      const errors = invalidFieldErrors(error, ['name'] as const, () =>
        t('api_keys.errors.name', { max: API_KEY_NAME_MAX_LENGTH }),
      )
      await page(ctx, { create: { name, errors }, status: 422 })
    }
  })

  pages.post('merchantApiKeyRevoke', 'api_key.revoke', async (ctx) => {
    await revokeMerchantApiKey(db, {
      principal: ctx.state.principal!,
      keyId: formBody(ctx).key ?? '',
    })
    seeOther(ctx, ctx.state.urls.path('merchantApiKeys', null, { done: 'revoked' }))
  })
  return pages.routes
}
