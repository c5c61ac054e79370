import type { Knex } from 'knex'
import {
  EXPORT_KINDS,
  LedgerExportQuery,
  MemberExportQuery,
  type ExportKind,
} from '../../shared/schemas/exports-api.ts'
import { AppError, validationFailed } from '../errors.ts'
import { startExport } from '../exports/commands/start-export.ts'
import { csvDownloadHeaders } from '../http/csv.ts'
import { translator } from '../i18n/i18n.ts'
import { merchantScope } from '../policies/scope.ts'
import { invalidFieldErrors, isErrorOf } from '../web/pages/form-errors.ts'
import { pageList } from '../web/pages/page-route.ts'
import { sendPage, type PageCtx } from '../web/pages/page.tsx'
import { loadMerchantPageFrame } from './queries/kiosks.ts'
import { EXPORT_FIELDS, MerchantExportsPage, type ExportForm } from './views/exports-page.tsx'

const kindOf = (file: string): ExportKind | null => {
  const kind = file.replace(/\.csv$/, '')
  return file.endsWith('.csv') && (EXPORT_KINDS as readonly string[]).includes(kind)
    ? (kind as ExportKind)
    : null
}

/**
 * The Exports page (/merchant/exports) and its downloads (/merchant/exports/<kind>.csv):
 * customers, cards with balances, ledger entries by recorded days and stores — streamed CSV
 * (backend/http/csv.ts), each download audited. A store manager exports their stores only. A
 * bad day or store answers the page again with the field's message and the typed values.
 */
export const exportPages = (db: Knex) => {
  const pages = pageList()
  const page = async (ctx: PageCtx, form?: ExportForm) => {
    const frame = await loadMerchantPageFrame(db, merchantScope(ctx.state.principal!))
    sendPage(
      ctx,
      'merchant',
      <MerchantExportsPage
        merchantName={frame.merchantName}
        storeNames={frame.storeNames}
        stores={frame.stores}
        user={ctx.state.merchantUser!}
        form={form}
      />,
      { status: form ? 422 : 200 },
    )
  }

  pages.get('merchantExports', 'export.read', (ctx) => page(ctx))

  pages.get('merchantExportFile', 'export.read', async (ctx) => {
    const kind = kindOf(String(ctx.params.file))
    if (!kind) throw new AppError('NOT_FOUND')
    const values = { ...ctx.query } as Record<string, string | string[] | undefined>
    const schema = kind === 'ledger' ? LedgerExportQuery : MemberExportQuery
    try {
      const parsed = schema.safeParse(values)
      if (!parsed.success) throw validationFailed(parsed.error)
      const query = parsed.data as { store: string[]; from?: string; to?: string }
      const csv = await startExport(db, {
        principal: ctx.state.principal!,
        kind,
        stores: query.store,
        from: query.from,
        to: query.to,
        requestId: ctx.state.requestId,
      })
      ctx.set(csvDownloadHeaders(kind))
      ctx.body = csv
    } catch (error) {
      if (!isErrorOf(error, ['VALIDATION_FAILED'] as const)) throw error
      const t = translator(ctx.state.language, 'merchant')
      return page(ctx, {
        kind,
        values,
        errors: invalidFieldErrors(error, EXPORT_FIELDS, (field, code) =>
          field === 'store'
            ? t('exports.errors.store')
            : code === 'before_from'
              ? t('exports.errors.before_from')
              : t('exports.errors.day'),
        ),
      })
    }
  })

  return pages.routes
}
