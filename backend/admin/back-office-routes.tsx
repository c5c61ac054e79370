import type { Knex } from 'knex'
import { isLanguage } from '../../shared/languages.ts'
import {
  AdminStoreEdit,
  AdminStoreFields,
  MerchantCreate,
  MerchantStatusChange,
  PlatformEdit,
  PlatformFields,
} from '../../shared/schemas/admin-forms.ts'
import { isUuid } from '../../shared/schemas/common.ts'
import type { FieldError } from '../../shared/errors.ts'
import type { Config } from '../config.ts'
import { AppError } from '../errors.ts'
import { editConflict } from '../db/versioned-update.ts'
import { translator } from '../i18n/i18n.ts'
import { platformAdminActor } from '../auth/actor.ts'
import { inviteMerchantUser } from '../accounts/commands/invite-merchant-user.ts'
import {
  closeStore,
  createStore,
  editStoreSetup,
  reopenStore,
} from '../tenancy/commands/admin-stores.ts'
import { createMerchant } from '../tenancy/commands/create-merchant.ts'
import { createPlatform, updatePlatform } from '../tenancy/commands/manage-platforms.ts'
import { reactivateMerchant, suspendMerchant } from '../tenancy/commands/set-merchant-status.ts'
import { checkDomain, systemResolver, type DomainResolver } from '../tenancy/domain-check.ts'
import { listPlatforms } from '../tenancy/queries/list-platforms.ts'
import { formError, isErrorOf } from '../web/pages/form-errors.ts'
import { pageList } from '../web/pages/page-route.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { formBody, type FormValues } from '../web/pages/query.ts'
import { canonicalPlatformUrls } from '../web/site/urls.ts'
import { auditCsv } from './audit-csv.ts'
import { csvDownloadHeaders } from '../http/csv.ts'
import { parseAdminForm } from './back-office-form-parsing.ts'
import { auditRowsInBatches, loadAuditPage, readAuditFilters } from './queries/audit-log.ts'
import {
  findAdminStore,
  listMerchantNames,
  listMerchants,
  loadMerchantDetail,
  merchantExists,
} from './queries/back-office.ts'
import { AuditPage } from './views/audit-page.tsx'
import type { AdminFormState } from './views/back-office-form.ts'
import { MerchantPage, type MerchantPageForms } from './views/merchant-page.tsx'
import { MerchantsPage } from './views/merchants-page.tsx'
import { PlatformsPage } from './views/platforms-page.tsx'
import { StorePage } from './views/store-page.tsx'

const PLATFORM_FIELDS = ['name', 'base_domain', 'default_language', 'support_email', 'sender_name']
const MERCHANT_FIELDS = [
  'name',
  'slug',
  'platform_id',
  'country',
  'currency',
  'default_language',
  'pin_length',
]
const STORE_FIELDS = [
  'code',
  'name',
  'subdomain',
  'custom_domain',
  'timezone',
  'default_language',
  'currency',
]

/** The refused form: the typed values, a message per field (`taken` or invalid), one on top. */
const refusedForm = (ctx: PageCtx, values: FormValues, fields: FieldError[]): AdminFormState => {
  const t = translator(ctx.state.language, 'back_office')
  const errors: Record<string, string> = {}
  for (const { path, code } of fields)
    if (!errors[path]) errors[path] = code === 'taken' ? t('errors.taken') : t('errors.invalid')
  return { values, errors, message: t('errors.summary') }
}

/** A whole-form refusal (EDIT_CONFLICT, NOT_FOUND …): the message above the form. */
const conflictForm = (ctx: PageCtx, values: FormValues, error: AppError): AdminFormState => ({
  values,
  errors: {},
  message: formError(ctx, error),
})

const DONE = ['created', 'saved', 'suspended', 'reactivated', 'invited', 'closed', 'reopened']
const doneOf = (ctx: PageCtx) =>
  typeof ctx.query.done === 'string' && DONE.includes(ctx.query.done) ? ctx.query.done : undefined

/**
 * The admin's back office (docs/architecture.md, "Admin back office"): platforms, merchants
 * (list, create, suspend, reactivate, invite the owner), their stores (create, edit, close, the
 * custom domain's DNS check) and the audit log with its CSV. Every change is one audited
 * command from tenancy/ or accounts/; a refused form comes back with the typed values.
 */
export const backOfficePages = (
  db: Knex,
  config: Config,
  options: { domainResolver?: DomainResolver } = {},
) => {
  const pages = pageList()
  const resolver = options.domainResolver ?? systemResolver
  const admin = (ctx: PageCtx) => ctx.state.admin!
  const actor = (ctx: PageCtx) => platformAdminActor(admin(ctx).id)

  // Platforms
  const platformsPage = async (
    ctx: PageCtx,
    form?: AdminFormState & { id: string | null },
    status = 200,
  ) =>
    sendPage(
      ctx,
      'admin',
      <PlatformsPage
        admin={admin(ctx)}
        platforms={await listPlatforms(db)}
        done={form ? undefined : doneOf(ctx)}
        form={form}
      />,
      { status },
    )
  pages.get('adminPlatforms', 'platform.manage', (ctx) => platformsPage(ctx))
  pages.post('adminPlatforms', 'platform.manage', async (ctx) => {
    const values = formBody(ctx)
    const id = values.id && isUuid(values.id) ? values.id : null
    const parsed = id
      ? parseAdminForm(PlatformEdit, values, [...PLATFORM_FIELDS, 'version'], ['version'])
      : parseAdminForm(PlatformFields, values, PLATFORM_FIELDS)
    if (!parsed.ok)
      return platformsPage(ctx, { ...refusedForm(ctx, values, parsed.fields), id }, 422)
    try {
      if (id)
        await updatePlatform(db, {
          actor: actor(ctx),
          merchantId: null,
          platformId: id,
          body: parsed.value as PlatformEdit,
        })
      else await createPlatform(db, { actor: actor(ctx), merchantId: null, body: parsed.value })
    } catch (error) {
      if (isErrorOf(error, ['VALIDATION_FAILED'] as const))
        return platformsPage(ctx, { ...refusedForm(ctx, values, error.details.fields), id }, 422)
      if (isErrorOf(error, ['EDIT_CONFLICT', 'NOT_FOUND'] as const))
        return platformsPage(ctx, { ...conflictForm(ctx, values, error), id }, error.status)
      throw error
    }
    seeOther(ctx, ctx.state.urls.path('adminPlatforms', null, { done: id ? 'saved' : 'created' }))
  })

  // Merchants
  const merchantsPage = async (ctx: PageCtx, form?: AdminFormState, status = 200) => {
    const search = typeof ctx.query.q === 'string' ? ctx.query.q : ''
    const [merchants, platforms] = await Promise.all([listMerchants(db, search), listPlatforms(db)])
    sendPage(
      ctx,
      'admin',
      <MerchantsPage
        admin={admin(ctx)}
        merchants={merchants}
        search={search}
        platforms={platforms}
        form={form}
      />,
      { status },
    )
  }
  pages.get('adminMerchants', 'merchant.manage', (ctx) => merchantsPage(ctx))
  pages.post('adminMerchants', 'merchant.manage', async (ctx) => {
    const values = formBody(ctx)
    const parsed = parseAdminForm(MerchantCreate, values, MERCHANT_FIELDS, ['pin_length'])
    if (!parsed.ok) return merchantsPage(ctx, refusedForm(ctx, values, parsed.fields), 422)
    let created
    try {
      created = await createMerchant(db, { actor: actor(ctx), body: parsed.value })
    } catch (error) {
      if (!isErrorOf(error, ['VALIDATION_FAILED'] as const)) throw error
      return merchantsPage(ctx, refusedForm(ctx, values, error.details.fields), 422)
    }
    seeOther(ctx, ctx.state.urls.path('adminMerchant', { id: created.id }, { done: 'created' }))
  })

  const merchantPage = async (
    ctx: PageCtx,
    id: string,
    forms: MerchantPageForms = {},
    status = 200,
  ) => {
    const merchant = isUuid(id) ? await loadMerchantDetail(db, id) : null
    if (!merchant) throw new AppError('NOT_FOUND')
    const refused = Object.keys(forms).length > 0
    sendPage(
      ctx,
      'admin',
      <MerchantPage
        admin={admin(ctx)}
        merchant={merchant}
        done={refused ? undefined : doneOf(ctx)}
        forms={forms}
      />,
      { status },
    )
  }
  pages.get('adminMerchant', 'merchant.manage', (ctx, { id }) => merchantPage(ctx, id))

  pages.post('adminMerchantStatus', 'merchant.suspend', async (ctx, { id }) => {
    const values = formBody(ctx)
    if (!isUuid(id)) throw new AppError('NOT_FOUND')
    const parsed = parseAdminForm(MerchantStatusChange, values, ['reason', 'version'], ['version'])
    if (!parsed.ok)
      return merchantPage(ctx, id, { status: refusedForm(ctx, values, parsed.fields) }, 422)
    const suspend = values.status === 'suspended'
    try {
      await (suspend ? suspendMerchant : reactivateMerchant)(db, {
        actor: actor(ctx),
        merchantId: id,
        change: parsed.value,
      })
    } catch (error) {
      if (!isErrorOf(error, ['EDIT_CONFLICT'] as const)) throw error
      return merchantPage(ctx, id, { status: conflictForm(ctx, values, error) }, error.status)
    }
    seeOther(
      ctx,
      ctx.state.urls.path('adminMerchant', { id }, { done: suspend ? 'suspended' : 'reactivated' }),
    )
  })

  const platformUrls = canonicalPlatformUrls(config)
  pages.post('adminMerchantInvite', 'merchant.manage', async (ctx, { id }) => {
    const values = formBody(ctx)
    if (!isUuid(id) || !(await merchantExists(db, id))) throw new AppError('NOT_FOUND')
    const t = translator(ctx.state.language, 'back_office')
    const { id: adminId, name } = admin(ctx)
    try {
      await inviteMerchantUser(db, {
        merchantId: id,
        inviter: { id: adminId, name, role: 'owner', platformAdmin: true },
        email: values.email ?? '',
        name: values.name ?? '',
        language: isLanguage(values.language) ? values.language : ctx.state.language,
        role: 'owner',
        acceptUrl: (token) => platformUrls.absolute('merchantInvitation', { token }),
      })
    } catch (error) {
      if (isErrorOf(error, ['VALIDATION_FAILED'] as const))
        return merchantPage(
          ctx,
          id,
          { invite: refusedForm(ctx, values, error.details.fields) },
          422,
        )
      if (isErrorOf(error, ['CONFLICT'] as const))
        return merchantPage(
          ctx,
          id,
          {
            invite: {
              values,
              errors: { email: t('errors.email_taken') },
              message: t('errors.summary'),
            },
          },
          409,
        )
      throw error
    }
    seeOther(ctx, ctx.state.urls.path('adminMerchant', { id }, { done: 'invited' }))
  })

  // Stores
  pages.post('adminStores', 'store.setup', async (ctx, { id }) => {
    const values = formBody(ctx)
    if (!isUuid(id)) throw new AppError('NOT_FOUND')
    const parsed = parseAdminForm(AdminStoreFields, values, STORE_FIELDS)
    if (!parsed.ok)
      return merchantPage(ctx, id, { store: refusedForm(ctx, values, parsed.fields) }, 422)
    let store
    try {
      store = await createStore(db, { actor: actor(ctx), merchantId: id, body: parsed.value })
    } catch (error) {
      if (!isErrorOf(error, ['VALIDATION_FAILED'] as const)) throw error
      return merchantPage(ctx, id, { store: refusedForm(ctx, values, error.details.fields) }, 422)
    }
    seeOther(ctx, ctx.state.urls.path('adminStore', { id: store.id }, { done: 'created' }))
  })

  /** The store and its merchant; NOT_FOUND for an id that names none. */
  const storeAndMerchant = async (id: string) => {
    const store = isUuid(id) ? await findAdminStore(db, id) : null
    const merchant = store && (await loadMerchantDetail(db, store.merchantId))
    if (!store || !merchant) throw new AppError('NOT_FOUND')
    return { store, merchant }
  }

  const storePage = async (
    ctx: PageCtx,
    id: string,
    forms: { form?: AdminFormState; openForm?: AdminFormState } = {},
    status = 200,
  ) => {
    const { store, merchant } = await storeAndMerchant(id)
    const check =
      ctx.query.check === 'dns' && store.customDomain
        ? await checkDomain(store.customDomain, merchant.baseDomain, resolver)
        : undefined
    const refused = Object.keys(forms).length > 0
    sendPage(
      ctx,
      'admin',
      <StorePage
        admin={admin(ctx)}
        merchant={{ id: merchant.id, name: merchant.name, baseDomain: merchant.baseDomain }}
        store={store}
        done={refused ? undefined : doneOf(ctx)}
        check={check}
        {...forms}
      />,
      { status },
    )
  }
  pages.get('adminStore', 'store.setup', (ctx, { id }) => storePage(ctx, id))
  pages.post('adminStore', 'store.setup', async (ctx, { id }) => {
    const values = formBody(ctx)
    const { store } = await storeAndMerchant(id)
    const parsed = parseAdminForm(AdminStoreEdit, values, [...STORE_FIELDS, 'version'], ['version'])
    if (!parsed.ok)
      return storePage(ctx, id, { form: refusedForm(ctx, values, parsed.fields) }, 422)
    try {
      await editStoreSetup(db, {
        actor: actor(ctx),
        merchantId: store.merchantId,
        storeId: store.id,
        body: parsed.value,
      })
    } catch (error) {
      if (isErrorOf(error, ['VALIDATION_FAILED'] as const))
        return storePage(ctx, id, { form: refusedForm(ctx, values, error.details.fields) }, 422)
      if (isErrorOf(error, ['EDIT_CONFLICT'] as const))
        return storePage(ctx, id, { form: conflictForm(ctx, values, error) }, error.status)
      throw error
    }
    seeOther(ctx, ctx.state.urls.path('adminStore', { id }, { done: 'saved' }))
  })
  pages.post('adminStoreOpen', 'store.setup', async (ctx, { id }) => {
    const values = formBody(ctx)
    const { store } = await storeAndMerchant(id)
    const version = /^\d+$/.test(values.version ?? '') ? Number(values.version) : 0
    const open = values.open === 'yes'
    try {
      if (version < 1) throw editConflict({ subject: 'store', id, version }, store.version)
      const props = { actor: actor(ctx), merchantId: store.merchantId, storeId: id, version }
      await (open ? reopenStore(db, props) : closeStore(db, props))
    } catch (error) {
      if (!isErrorOf(error, ['EDIT_CONFLICT'] as const)) throw error
      return storePage(ctx, id, { openForm: conflictForm(ctx, values, error) }, error.status)
    }
    seeOther(ctx, ctx.state.urls.path('adminStore', { id }, { done: open ? 'reopened' : 'closed' }))
  })

  // Audit log
  pages.get('adminAudit', 'audit.read', async (ctx) => {
    const filters = readAuditFilters(ctx.query)
    const page = Number(ctx.query.page) || 1
    const [result, merchants] = await Promise.all([
      loadAuditPage(db, filters, page),
      listMerchantNames(db),
    ])
    sendPage(
      ctx,
      'admin',
      <AuditPage admin={admin(ctx)} filters={filters} merchants={merchants} {...result} />,
    )
  })
  pages.get('adminAuditCsv', 'audit.read', (ctx) => {
    const filters = readAuditFilters(ctx.query)
    ctx.set(csvDownloadHeaders('audit-log'))
    ctx.body = auditCsv(auditRowsInBatches(db, filters))
  })

  return pages.routes
}
