import type { SessionAdmin } from '../../accounts/accounts.ts'
import { PIN_LENGTH } from '../../../shared/schemas/merchant-settings-api.ts'
import {
  ErrorSummary,
  Field,
  LanguageSelectField,
  PostForm,
  SelectField,
} from '../../web/pages/form.tsx'
import { usePage } from '../../web/pages/page.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { TableCard } from '../../web/pages/table-card.tsx'
import type { PlatformRow } from '../../tenancy/models.ts'
import type { MerchantListItem } from '../queries/back-office.ts'
import { AdminLayout } from './admin-layout.tsx'
import { valueOf, type AdminFormState } from './back-office-form.ts'

/** The admin's merchants: a searchable list and the form that creates one. */
export const MerchantsPage = (props: {
  admin: Pick<SessionAdmin, 'name' | 'email'>
  merchants: MerchantListItem[]
  search: string
  platforms: Pick<PlatformRow, 'id' | 'name'>[]
  form?: AdminFormState
}) => {
  const { t, urls } = usePage()
  const v = (name: string, stored: string) => valueOf(props.form, name, stored)
  const errors = props.form?.errors
  return (
    <AdminLayout title={t('back_office:merchants.title')} current="merchants" admin={props.admin}>
      <PageHeader title={t('back_office:merchants.title')} lead={t('back_office:merchants.lead')} />
      <form
        method="get"
        action={urls.path('adminMerchants')}
        className="form form--inline"
        role="search"
      >
        <Field
          name="q"
          type="search"
          label={t('back_office:merchants.search')}
          value={props.search}
        />
        <div className="form__actions">
          <button className="button">{t('back_office:merchants.search_button')}</button>
        </div>
      </form>
      <TableCard
        id="merchants"
        title={t('back_office:merchants.list_title')}
        columns={[
          { label: t('back_office:merchants.name') },
          { label: t('back_office:merchants.platform') },
          { label: t('back_office:merchants.status') },
          { label: t('back_office:merchants.stores'), numeric: true },
        ]}
        empty={props.merchants.length === 0 ? t('back_office:merchants.empty') : undefined}
      >
        {props.merchants.map((m) => (
          <tr key={m.id}>
            <td data-label={t('back_office:merchants.name')}>
              <span>
                <a href={urls.path('adminMerchant', { id: m.id })}>
                  <strong>{m.name}</strong>
                </a>
                <br />
                <span className="muted small">{m.slug}</span>
              </span>
            </td>
            <td data-label={t('back_office:merchants.platform')}>{m.platformName}</td>
            <td data-label={t('back_office:merchants.status')}>
              <span
                className={`badge ${m.status === 'active' ? 'badge--success' : 'badge--danger'}`}
              >
                {t(`back_office:status.${m.status}`)}
              </span>{' '}
              {m.hasOwner ? null : (
                <span className="badge badge--warning">
                  {t('back_office:status.waiting_owner')}
                </span>
              )}
            </td>
            <td data-label={t('back_office:merchants.stores')} className="num">
              {m.stores}
            </td>
          </tr>
        ))}
      </TableCard>
      <section className="card card--narrow stack" aria-labelledby="create-merchant">
        <h2 className="card__title" id="create-merchant">
          {t('back_office:merchants.create_title')}
        </h2>
        <PostForm action={urls.path('adminMerchants')} className="form">
          <ErrorSummary message={props.form?.message} />
          <div className="stack--lg">
            <Field
              name="name"
              label={t('back_office:merchants.legal_name')}
              value={v('name', '')}
              errors={errors}
            />
            <Field
              name="slug"
              label={t('back_office:merchants.slug')}
              hint={t('back_office:merchants.slug_hint')}
              value={v('slug', '')}
              errors={errors}
            />
            <SelectField
              name="platform_id"
              label={t('back_office:merchants.platform')}
              value={v('platform_id', props.platforms[0]?.id ?? '')}
              options={props.platforms.map((p) => ({ value: p.id, label: p.name }))}
              errors={errors}
            />
            <Field
              name="country"
              label={t('back_office:merchants.country')}
              hint={t('back_office:merchants.country_hint')}
              value={v('country', 'LU')}
              errors={errors}
            />
            <Field
              name="currency"
              label={t('back_office:merchants.currency')}
              value={v('currency', 'EUR')}
              errors={errors}
            />
            <LanguageSelectField
              name="default_language"
              label={t('back_office:merchants.language')}
              value={v('default_language', 'fr')}
              errors={errors}
            />
            <SelectField
              name="pin_length"
              label={t('back_office:merchants.pin_length')}
              value={v('pin_length', '4')}
              options={Array.from({ length: PIN_LENGTH.max - PIN_LENGTH.min + 1 }, (_, i) => {
                const n = String(PIN_LENGTH.min + i)
                return { value: n, label: n }
              })}
              errors={errors}
            />
          </div>
          <div className="form__actions">
            <button className="button button--primary">{t('back_office:merchants.create')}</button>
          </div>
        </PostForm>
      </section>
    </AdminLayout>
  )
}
