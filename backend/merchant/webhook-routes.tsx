import type { Knex } from 'knex'
import type { Config } from '../config.ts'
import { translator } from '../i18n/i18n.ts'
import { merchantScope } from '../policies/scope.ts'
import { formError, invalidFieldErrors, isErrorOf } from '../web/pages/form-errors.ts'
import { pageList } from '../web/pages/page-route.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { formBody } from '../web/pages/query.ts'
import { formList } from '../accounts/commands/manage-team.ts'
import {
  createWebhookEndpoint,
  replayWebhookDelivery,
  updateWebhookEndpoint,
  type CreatedWebhookEndpoint,
} from '../webhooks/commands/manage-webhook-endpoints.ts'
import { listWebhookEndpoints, loadWebhookEndpoint } from '../webhooks/queries/webhook-endpoints.ts'
import { loadMerchantName } from './queries/team.ts'
import {
  MerchantWebhookPage,
  MerchantWebhooksPage,
  type WebhookFormState,
} from './views/webhooks-page.tsx'

const FIELDS = ['url', 'events'] as const

/** Each refused field's message in the page's language (`url`: invalid, https required, or private). */
const fieldErrors = (ctx: PageCtx, error: Parameters<typeof invalidFieldErrors>[0]) => {
  const t = translator(ctx.state.language, 'webhooks')
  return invalidFieldErrors(error, FIELDS, (field, code) =>
    field === 'url' && code === 'https_required'
      ? t('errors.https_required')
      : field === 'url' && code === 'private_address'
        ? t('errors.private_address')
        : t(`errors.${field}`),
  )
}

/**
 * The webhooks pages (owners only; docs/webhooks.md): GET /merchant/webhooks lists the
 * endpoints; POST creates one and answers with the page itself, its signing secret on it — the
 * only place it ever appears (as API keys); GET/POST /merchant/webhooks/:id shows and edits one
 * endpoint with its delivery log; POST …/replay sends a delivery again.
 */
export const webhookPages = (db: Knex, config: Config) => {
  const pages = pageList()
  const list = async (
    ctx: PageCtx,
    extra: { created?: CreatedWebhookEndpoint; create?: WebhookFormState; status?: number } = {},
  ) => {
    const { merchantId } = merchantScope(ctx.state.principal!)
    const [merchantName, endpoints] = await Promise.all([
      loadMerchantName(db, merchantId),
      listWebhookEndpoints(db, merchantId),
    ])
    sendPage(
      ctx,
      'merchant',
      <MerchantWebhooksPage
        merchantName={merchantName}
        user={ctx.state.merchantUser!}
        endpoints={endpoints}
        created={extra.created}
        create={extra.create}
      />,
      { status: extra.status ?? 200 },
    )
  }

  const detail = async (
    ctx: PageCtx,
    extra: { edit?: WebhookFormState & { message?: string }; status?: number } = {},
  ) => {
    const { merchantId } = merchantScope(ctx.state.principal!)
    const [merchantName, loaded] = await Promise.all([
      loadMerchantName(db, merchantId),
      loadWebhookEndpoint(db, merchantId, String(ctx.params.id)),
    ])
    const done = ctx.query.done
    sendPage(
      ctx,
      'merchant',
      <MerchantWebhookPage
        merchantName={merchantName}
        user={ctx.state.merchantUser!}
        {...loaded}
        edit={extra.edit}
        done={!extra.status && (done === 'saved' || done === 'replayed') ? done : null}
      />,
      { status: extra.status ?? 200 },
    )
  }

  pages.get('merchantWebhooks', 'webhook.read', (ctx) => list(ctx))

  pages.post('merchantWebhooks', 'webhook.manage', async (ctx) => {
    const form = formBody(ctx)
    const input = { url: form.url ?? '', events: formList(form.events) }
    try {
      const created = await createWebhookEndpoint(db, {
        principal: ctx.state.principal!,
        input,
        config,
      })
      // 201 with the page: the secret never sits anywhere a later request could read.
      await list(ctx, { created, status: 201 })
    } catch (error) {
      if (!isErrorOf(error, ['VALIDATION_FAILED'] as const)) throw error
      await list(ctx, { create: { ...input, errors: fieldErrors(ctx, error) }, status: 422 })
    }
  })

  pages.get('merchantWebhook', 'webhook.read', (ctx) => detail(ctx))

  pages.post('merchantWebhook', 'webhook.manage', async (ctx) => {
    const form = formBody(ctx)
    const input = {
      url: form.url ?? '',
      events: formList(form.events),
      active: form.active === 'yes',
    }
    try {
      await updateWebhookEndpoint(db, {
        principal: ctx.state.principal!,
        id: String(ctx.params.id),
        version: Number(form.version),
        input,
        config,
      })
    } catch (error) {
      if (isErrorOf(error, ['VALIDATION_FAILED'] as const))
        return detail(ctx, { edit: { ...input, errors: fieldErrors(ctx, error) }, status: 422 })
      if (isErrorOf(error, ['EDIT_CONFLICT'] as const))
        return detail(ctx, { edit: { ...input, message: formError(ctx, error) }, status: 409 })
      throw error
    }
    seeOther(
      ctx,
      ctx.state.urls.path('merchantWebhook', { id: String(ctx.params.id) }, { done: 'saved' }),
    )
  })

  pages.post('merchantWebhookReplay', 'webhook.manage', async (ctx) => {
    const id = String(ctx.params.id)
    await replayWebhookDelivery(db, {
      principal: ctx.state.principal!,
      endpointId: id,
      deliveryId: formBody(ctx).delivery ?? '',
    })
    seeOther(ctx, ctx.state.urls.path('merchantWebhook', { id }, { done: 'replayed' }))
  })
  return pages.routes
}
