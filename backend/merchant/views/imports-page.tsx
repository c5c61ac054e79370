import type { SessionMerchantUser } from '../../accounts/accounts.ts'
import { IMPORT_COLUMNS } from '../../imports/member-import-file.ts'
import type { MemberImportView } from '../../imports/queries/member-imports.ts'
import { ErrorSummary, PostForm, SelectField, type FieldErrors } from '../../web/pages/form.tsx'
import { usePage } from '../../web/pages/page.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { TableCard } from '../../web/pages/table-card.tsx'
import type { PairableStore } from '../queries/kiosks.ts'
import { ImportStatusBadge } from './import-page.tsx'
import { MerchantLayout } from './merchant-layout.tsx'

/** The Imports page: the upload form, the columns a file may have, the latest imports. */
export const MerchantImportsPage = (props: {
  merchantName: string
  storeNames: string[]
  stores: PairableStore[]
  user: Pick<SessionMerchantUser, 'name' | 'role' | 'storeIds'>
  imports: MemberImportView[]
  form?: { values: Record<string, string | undefined>; errors: FieldErrors } | undefined
}) => {
  const { t, urls, format } = usePage()
  const errors = props.form?.errors ?? {}
  const fileError = errors.file
  return (
    <MerchantLayout
      title={t('imports.title')}
      current="imports"
      merchantName={props.merchantName}
      user={props.user}
      storeNames={props.storeNames}
    >
      <PageHeader title={t('imports.title')} lead={t('imports.lead')} />
      <div className="stack--lg">
        <section className="card" aria-labelledby="import-upload-title">
          <header className="card__header">
            <h2 className="card__title" id="import-upload-title">
              {t('imports.upload_title')}
            </h2>
          </header>
          <PostForm
            action={urls.path('merchantImports')}
            className="form"
            encType="multipart/form-data"
          >
            <ErrorSummary message={props.form ? t('imports.errors.summary') : null} />
            <div className="field">
              <label className="field__label" htmlFor="field-file">
                {t('imports.file')}
              </label>
              <p className="field__hint" id="field-file-hint">
                {t('imports.file_hint')}
              </p>
              <input
                className="input"
                id="field-file"
                name="file"
                type="file"
                accept=".csv,text/csv"
                aria-invalid={fileError ? true : undefined}
                aria-describedby={
                  fileError ? 'field-file-hint field-file-error' : 'field-file-hint'
                }
              />
              {fileError ? (
                <p className="field__error" id="field-file-error">
                  {fileError}
                </p>
              ) : null}
            </div>
            <SelectField
              name="store"
              label={t('imports.store')}
              hint={t('imports.store_hint')}
              value={props.form?.values.store ?? props.stores[0]?.id}
              options={props.stores.map((s) => ({ value: s.id, label: s.name }))}
              errors={errors}
            />
            <div className="form__actions">
              <button className="button button--primary">{t('imports.check')}</button>
            </div>
          </PostForm>
        </section>
        <TableCard
          id="import-columns"
          title={t('imports.columns_title')}
          lead={t('imports.columns_lead')}
          columns={[{ label: t('imports.column') }, { label: t('imports.column_meaning') }]}
        >
          {IMPORT_COLUMNS.map((column) => (
            <tr key={column}>
              <td data-label={t('imports.column')}>
                <code>{column}</code>
              </td>
              <td data-label={t('imports.column_meaning')}>{t(`imports.columns.${column}`)}</td>
            </tr>
          ))}
        </TableCard>
        <TableCard
          id="import-list"
          title={t('imports.recent_title')}
          columns={[
            { label: t('imports.file_name') },
            { label: t('imports.when') },
            { label: t('imports.status') },
            { label: t('imports.lines'), numeric: true },
          ]}
          empty={props.imports.length === 0 ? t('imports.none') : null}
        >
          {props.imports.map((item) => (
            <tr key={item.id}>
              <td data-label={t('imports.file_name')}>
                <a href={urls.path('merchantImport', { id: item.id })}>{item.fileName}</a>
              </td>
              <td data-label={t('imports.when')}>{format.dateTime(item.createdAt)}</td>
              <td data-label={t('imports.status')}>
                <ImportStatusBadge status={item.status} />
              </td>
              <td data-label={t('imports.lines')} className="num">
                {format.number(item.totalLines)}
              </td>
            </tr>
          ))}
        </TableCard>
      </div>
    </MerchantLayout>
  )
}
