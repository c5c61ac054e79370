import type { SessionMerchantUser } from '../../accounts/accounts.ts'
import type { ExportKind } from '../../../shared/schemas/exports-api.ts'
import { Field, type FieldErrors } from '../../web/pages/form.tsx'
import { usePage } from '../../web/pages/page.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import type { PairableStore } from '../queries/kiosks.ts'
import { MerchantLayout } from './merchant-layout.tsx'

/** The fields an export's form may have an error on. */
export const EXPORT_FIELDS = ['from', 'to', 'store'] as const

/** A download refused for its filters: which form, what was typed, each field's message. */
export type ExportForm = {
  kind: ExportKind
  values: Record<string, string | string[] | undefined>
  errors: FieldErrors
}

const listOf = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((v) => v.split(','))

/** Store choices: none ticked is every store within reach. */
const StoreChoices = (props: {
  kind: ExportKind
  stores: PairableStore[]
  chosen: string[]
  error?: string | undefined
}) => {
  const { t } = usePage()
  if (props.stores.length < 2 && !props.error) return null
  const errorId = `${props.kind}-store-error`
  return (
    <fieldset className="field" aria-describedby={props.error ? errorId : undefined}>
      <legend className="field__label">{t('exports.stores')}</legend>
      <p className="field__hint">{t('exports.stores_hint')}</p>
      {props.stores.map((store) => (
        <label className="choice" key={store.id} htmlFor={`${props.kind}-store-${store.code}`}>
          <input
            className="choice__input"
            type="checkbox"
            id={`${props.kind}-store-${store.code}`}
            name="store"
            value={store.code}
            defaultChecked={props.chosen.includes(store.code)}
          />{' '}
          <span className="choice__label">{store.name}</span>
        </label>
      ))}
      {props.error ? (
        <p className="field__error" id={errorId}>
          {props.error}
        </p>
      ) : null}
    </fieldset>
  )
}

/**
 * The Exports page: customers, cards with balances and ledger entries as CSV downloads (GET
 * forms: a download is a link, bookmarkable, and works without JavaScript).
 */
export const MerchantExportsPage = (props: {
  merchantName: string
  storeNames: string[]
  stores: PairableStore[]
  user: Pick<SessionMerchantUser, 'name' | 'role' | 'storeIds'>
  form?: ExportForm | undefined
}) => {
  const { t, urls } = usePage()
  const formOf = (kind: ExportKind) => (props.form?.kind === kind ? props.form : null)
  const section = (kind: ExportKind) => {
    const form = formOf(kind)
    const value = (name: string) => {
      const v = form?.values[name]
      return Array.isArray(v) ? v[0] : v
    }
    const errors = form?.errors ?? {}
    return (
      <section className="card" aria-labelledby={`export-${kind}-title`} key={kind}>
        <header className="card__header">
          <div>
            <h2 className="card__title" id={`export-${kind}-title`}>
              {t(`exports.${kind}.title`)}
            </h2>
            <p className="muted small">{t(`exports.${kind}.lead`)}</p>
          </div>
        </header>
        <form
          className="form"
          method="get"
          action={urls.path('merchantExportFile', { file: `${kind}.csv` })}
          noValidate
        >
          {form ? (
            <div className="alert alert--error" role="alert">
              <p>{t('exports.errors.summary')}</p>
            </div>
          ) : null}
          {kind === 'ledger' ? (
            <div className="form-grid">
              <Field
                id="ledger-from"
                name="from"
                label={t('exports.from')}
                hint={t('exports.day_hint')}
                value={value('from')}
                errors={errors}
                optional
              />
              <Field
                id="ledger-to"
                name="to"
                label={t('exports.to')}
                hint={t('exports.day_hint')}
                value={value('to')}
                errors={errors}
                optional
              />
            </div>
          ) : null}
          <StoreChoices
            kind={kind}
            stores={props.stores}
            chosen={listOf(form?.values.store)}
            error={errors.store}
          />
          <div className="form__actions">
            <button className="button button--primary">{t('exports.download')}</button>
          </div>
        </form>
      </section>
    )
  }
  return (
    <MerchantLayout
      title={t('exports.title')}
      current="exports"
      merchantName={props.merchantName}
      user={props.user}
      storeNames={props.storeNames}
    >
      <PageHeader
        title={t('exports.title')}
        lead={props.user.storeIds ? t('exports.lead_stores') : t('exports.lead')}
      />
      <div className="stack--lg">
        {section('customers')}
        {section('cards')}
        {section('ledger')}
      </div>
      <p className="muted small">{t('exports.format_note')}</p>
    </MerchantLayout>
  )
}
