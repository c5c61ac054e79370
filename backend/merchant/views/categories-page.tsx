import { LANGUAGES, localize } from '../../../shared/languages.ts'
import type { CategoryDetail } from '../../../shared/schemas/category-api.ts'
import type { SessionMerchantUser } from '../../accounts/accounts.ts'
import { usePage } from '../../web/pages/page.tsx'
import { ErrorSummary, Field, PostForm, SelectField } from '../../web/pages/form.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import type { PairableStore } from '../queries/kiosks.ts'
import type { FormState } from './programme-page.tsx'
import { MerchantLayout } from './merchant-layout.tsx'
import { nameErrors, RowNameFields } from './row-name-fields.tsx'

export const CATEGORY_NOTICES = ['created', 'saved'] as const
export type CategoryNotice = (typeof CATEGORY_NOTICES)[number]

export type CategoriesPageProps = {
  merchantName: string
  storeNames: string[]
  stores: PairableStore[]
  categories: CategoryDetail[]
  user: Pick<SessionMerchantUser, 'name' | 'role' | 'storeIds'>
  /** May this user change the category (category.update with the category at hand)? */
  editable: (category: CategoryDetail) => boolean
  /** May this user add a merchant-wide category (else only one of their stores)? */
  merchantWide: boolean
  notice: CategoryNotice | null
  /** A refused new category (categoryId null) or the row of one category. */
  form?: FormState & { categoryId: string | null }
}

const CategoryRow = (props: {
  category: CategoryDetail
  storeName: string | null
  editable: boolean
  state?: FormState | undefined
}) => {
  const { t, urls, language } = usePage()
  const c = props.category
  const errors = props.state?.errors
  const formId = `category-${c.id}`
  return (
    <li className="card reward" data-category={c.code}>
      <h3 className="card__title">
        {localize(c.name, language) || c.code} <code className="muted small">{c.code}</code>{' '}
        {c.active ? (
          <span className="badge badge--success">{t('categories.active')}</span>
        ) : (
          <span className="badge">{t('categories.inactive')}</span>
        )}
      </h3>
      <p className="muted small">
        {props.storeName
          ? t('categories.store_only', { store: props.storeName })
          : t('categories.all_stores')}
        {' · '}
        {t('categories.entries', { count: c.entries })}
      </p>
      <PostForm action={urls.path('merchantCategory', { id: c.id })} className="form">
        <ErrorSummary message={props.state?.message} />
        <fieldset disabled={!props.editable} className="stack">
          <input type="hidden" name="version" value={c.version} />
          <RowNameFields
            formId={formId}
            label={(language) => t('categories.name_in', { language })}
            stored={c.name}
            typed={props.state?.values}
            errors={errors}
          />
          <label className="choice" htmlFor={`${formId}-active`}>
            <input
              className="choice__input"
              type="checkbox"
              id={`${formId}-active`}
              name="active"
              value="yes"
              defaultChecked={props.state ? props.state.values.active !== undefined : c.active}
            />{' '}
            <span className="choice__label">{t('categories.active_hint')}</span>
          </label>
          {props.editable ? (
            <div className="button-row">
              <button className="button button--secondary button--small">
                {t('categories.save')}
              </button>
            </div>
          ) : (
            <p className="muted small">{t('categories.read_only')}</p>
          )}
        </fieldset>
      </PostForm>
    </li>
  )
}

const NewCategory = (props: CategoriesPageProps) => {
  const { t, urls } = usePage()
  const state = props.form?.categoryId === null ? props.form : undefined
  const v = (name: string) => state?.values[name] ?? ''
  const errors = state?.errors
  const storeOptions = [
    ...(props.merchantWide ? [{ value: '', label: t('categories.all_stores') }] : []),
    ...props.stores.map((store) => ({ value: store.id, label: store.name })),
  ]
  return (
    <section className="card stack" aria-labelledby="new-category-title">
      <h2 className="card__title" id="new-category-title">
        {t('categories.add_title')}
      </h2>
      <PostForm action={urls.path('merchantCategories')} className="form">
        <ErrorSummary message={state?.message} />
        <div className="form-grid">
          <Field
            name="code"
            label={t('categories.code')}
            hint={t('categories.code_hint')}
            value={v('code')}
            errors={errors}
          />
          <SelectField
            name="store_id"
            label={t('categories.store')}
            value={v('store_id')}
            options={storeOptions}
            errors={errors}
          />
          {LANGUAGES.map((lng) => (
            <Field
              key={lng}
              name={`name_${lng}`}
              label={t('categories.name_in', { language: t(`common:language.${lng}`) })}
              value={v(`name_${lng}`)}
              errors={nameErrors(errors)}
            />
          ))}
        </div>
        <div className="form__actions">
          <button className="button button--primary">{t('categories.add')}</button>
        </div>
      </PostForm>
    </section>
  )
}

/** The merchant's transaction categories: merchant-wide and per store, names per language. */
export const MerchantCategoriesPage = (props: CategoriesPageProps) => {
  const { t } = usePage()
  const storeName = (category: CategoryDetail) =>
    category.store_id === null
      ? null
      : (props.stores.find((s) => s.id === category.store_id)?.name ?? category.store_code)
  const canAdd = props.merchantWide || props.stores.length > 0
  return (
    <MerchantLayout
      title={t('categories.title')}
      current="categories"
      merchantName={props.merchantName}
      user={props.user}
      storeNames={props.storeNames}
    >
      <PageHeader title={t('categories.title')} lead={t('categories.lead')} />
      {props.notice ? (
        <div className="alert alert--success" role="status">
          <p>{t(`categories.notice_${props.notice}`)}</p>
        </div>
      ) : null}
      {props.user.storeIds ? (
        <p className="muted">{t('categories.scoped', { stores: props.storeNames.join(', ') })}</p>
      ) : null}
      <div className="stack--lg">
        <section aria-labelledby="categories-title" className="stack">
          <h2 id="categories-title">{t('categories.list_title')}</h2>
          {props.categories.length === 0 ? <p className="muted">{t('categories.empty')}</p> : null}
          <ol className="stack reward-list">
            {props.categories.map((category) => (
              <CategoryRow
                key={category.id}
                category={category}
                storeName={storeName(category)}
                editable={props.editable(category)}
                state={props.form?.categoryId === category.id ? props.form : undefined}
              />
            ))}
          </ol>
        </section>
        {canAdd ? <NewCategory {...props} /> : null}
      </div>
    </MerchantLayout>
  )
}
