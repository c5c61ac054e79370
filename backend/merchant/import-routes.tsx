import type { Knex } from 'knex'
import { AppError } from '../errors.ts'
import { translator } from '../i18n/i18n.ts'
import type { ImportFileError } from '../imports/member-import-file.ts'
import { checkMemberImport } from '../imports/commands/check-member-import.ts'
import { startMemberImport } from '../imports/commands/start-member-import.ts'
import { listMemberImports, loadMemberImport } from '../imports/queries/member-imports.ts'
import { merchantScope } from '../policies/scope.ts'
import type { FieldErrors } from '../web/pages/form.tsx'
import { formError, isErrorOf } from '../web/pages/form-errors.ts'
import { pageList } from '../web/pages/page-route.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { formBody, pageNumber } from '../web/pages/query.ts'
import { loadMerchantPageFrame } from './queries/kiosks.ts'
import { MerchantImportPage, PROBLEMS_PER_PAGE } from './views/import-page.tsx'
import { MerchantImportsPage } from './views/imports-page.tsx'

/**
 * The Imports page (/merchant/imports): upload a CSV of existing members, read its dry run
 * (/merchant/imports/:id: every line's problems in the page language), then start it as a job
 * whose progress the same page shows (it refreshes itself with a small script, or on reload).
 * For the owner and merchant-wide managers.
 */
export const importPages = (db: Knex) => {
  const pages = pageList()
  const list = async (
    ctx: PageCtx,
    form?: { values: Record<string, string | undefined>; errors: FieldErrors },
  ) => {
    const scope = merchantScope(ctx.state.principal!)
    const [frame, imports] = await Promise.all([
      loadMerchantPageFrame(db, scope),
      listMemberImports(db, scope.merchantId),
    ])
    sendPage(
      ctx,
      'merchant',
      <MerchantImportsPage
        merchantName={frame.merchantName}
        storeNames={frame.storeNames}
        stores={frame.stores}
        user={ctx.state.merchantUser!}
        imports={imports}
        form={form}
      />,
      { status: form ? 422 : 200 },
    )
  }
  const one = async (ctx: PageCtx, refused?: { message: string; status: number }) => {
    const scope = merchantScope(ctx.state.principal!)
    const page = pageNumber(ctx)
    const [frame, loaded] = await Promise.all([
      loadMerchantPageFrame(db, scope),
      loadMemberImport(db, scope.merchantId, String(ctx.params.id), {
        page,
        perPage: PROBLEMS_PER_PAGE,
      }),
    ])
    if (!loaded) throw new AppError('NOT_FOUND')
    sendPage(
      ctx,
      'merchant',
      <MerchantImportPage
        merchantName={frame.merchantName}
        storeNames={frame.storeNames}
        user={ctx.state.merchantUser!}
        memberImport={loaded.import}
        problems={loaded.problems}
        page={page}
        refused={refused?.message}
      />,
      { status: refused?.status ?? 200 },
    )
  }

  pages.get('merchantImports', 'import.run', (ctx) => list(ctx))

  pages.post('merchantImports', 'import.run', async (ctx) => {
    const values = formBody(ctx)
    const t = translator(ctx.state.language, 'merchant')
    const upload = ctx.state.upload
    const errors: FieldErrors = {}
    if (!upload) errors.file = t('imports.errors.file_required')
    else if (upload.tooLarge) errors.file = t('imports.errors.file_too_large')
    if (!values.store) errors.store = t('imports.errors.store')
    if (Object.keys(errors).length > 0 || !upload || upload.tooLarge)
      return list(ctx, { values, errors })
    try {
      const { id } = await checkMemberImport(db, {
        principal: ctx.state.principal!,
        fileName: upload.fileName || 'members.csv',
        bytes: upload.bytes,
        storeId: values.store!,
      })
      seeOther(ctx, ctx.state.urls.path('merchantImport', { id }))
    } catch (error) {
      if (!isErrorOf(error, ['VALIDATION_FAILED'] as const)) throw error
      for (const field of error.details.fields)
        errors[field.path] =
          field.path === 'store'
            ? t('imports.errors.store')
            : t(`imports.file_errors.${field.code as ImportFileError}`)
      return list(ctx, { values, errors })
    }
  })

  pages.get('merchantImport', 'import.run', (ctx) => one(ctx))

  pages.post('merchantImportRun', 'import.run', async (ctx) => {
    const values = formBody(ctx)
    const id = String(ctx.params.id)
    try {
      await startMemberImport(db, {
        principal: ctx.state.principal!,
        importId: id,
        version: Number(values.version),
        sendWelcome: values.send_welcome === 'yes',
      })
    } catch (error) {
      if (!isErrorOf(error, ['EDIT_CONFLICT'] as const)) throw error
      return one(ctx, { message: formError(ctx, error), status: error.status })
    }
    seeOther(ctx, ctx.state.urls.path('merchantImport', { id }))
  })

  return pages.routes
}
