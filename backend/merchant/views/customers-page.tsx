import { formatCardNumber } from '../../../shared/card-number.ts'
import type { CustomerSearchQuery } from '../../../shared/schemas/customer-api.ts'
import type { SessionMerchantUser } from '../../accounts/accounts.ts'
import { usePage } from '../../web/pages/page.tsx'
import { ErrorSummary, Field, SelectField } from '../../web/pages/form.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { ListTable } from '../../web/pages/table-card.tsx'
import type { CustomersPageData } from '../queries/customers.ts'
import { MerchantLayout } from './merchant-layout.tsx'

/**
 * The merchant's members (/merchant/customers): a search by card number, email, phone or name,
 * filters (home store, activity, consent), one page of results with a link to each card.
 */
export const MerchantCustomersPage = (
  props: Omit<CustomersPageData, 'results'> & {
    results: CustomersPageData['results'] | null
    user: Pick<SessionMerchantUser, 'name' | 'role' | 'storeIds'>
    query: Partial<CustomerSearchQuery>
    /** Why the search could not run (a mistyped card number), in the page's language. */
    error: string | null
  },
) => {
  const { t, urls, format } = usePage()
  const q = props.query
  const rows = props.results?.data ?? []
  const pageLink = (page: number) =>
    urls.path('merchantCustomers', null, {
      ...Object.fromEntries(
        Object.entries({
          query: q.query,
          store_id: q.store_id,
          active_within_days: q.active_within_days?.toString(),
          marketing_consent: q.marketing_consent,
        }).filter((entry): entry is [string, string] => !!entry[1]),
      ),
      page: String(page),
    })
  return (
    <MerchantLayout
      title={t('customers.title')}
      current="customers"
      merchantName={props.merchantName}
      user={props.user}
      storeNames={props.storeNames}
    >
      <PageHeader title={t('customers.title')} lead={t('customers.lead')} />
      <form className="toolbar" method="get" action={urls.path('merchantCustomers')} role="search">
        <Field
          id="customer-query"
          name="query"
          label={t('customers.search')}
          hint={t('customers.search_hint')}
          value={q.query ?? ''}
          errors={props.error ? { query: props.error } : undefined}
        />
        <SelectField
          id="filter-store"
          name="store_id"
          label={t('customers.home_store')}
          value={q.store_id ?? ''}
          options={[
            { value: '', label: t('customers.any_store') },
            ...props.allStores.map((store) => ({ value: store.id, label: store.name })),
          ]}
        />
        <SelectField
          id="filter-active"
          name="active_within_days"
          label={t('customers.active')}
          value={q.active_within_days ? String(q.active_within_days) : ''}
          options={[
            { value: '', label: t('customers.any_time') },
            { value: '30', label: t('customers.active_days', { count: 30 }) },
            { value: '90', label: t('customers.active_days', { count: 90 }) },
          ]}
        />
        <SelectField
          id="filter-consent"
          name="marketing_consent"
          label={t('customers.consent')}
          value={q.marketing_consent ?? ''}
          options={[
            { value: '', label: t('customers.any_consent') },
            { value: 'true', label: t('customers.consent_yes') },
            { value: 'false', label: t('customers.consent_no') },
          ]}
        />
        <div className="toolbar__spacer" />
        <button className="button button--primary">{t('customers.search_button')}</button>
        <a className="button button--ghost" href={urls.path('merchantCustomers')}>
          {t('customers.reset')}
        </a>
      </form>
      <ErrorSummary message={props.error} />
      <ListTable
        columns={[
          { label: t('customers.card') },
          { label: t('customers.member') },
          { label: t('customers.home_store') },
          { label: t('customers.balance') },
          { label: t('customers.last_activity') },
        ]}
        empty={
          rows.length === 0
            ? { title: t('customers.empty_title'), text: t('customers.empty_text') }
            : null
        }
      >
        {rows.map((row) => (
          <tr key={row.card_number} data-card={row.card_number}>
            <td data-label={t('customers.card')}>
              <a href={urls.path('merchantCustomer', { number: row.card_number })}>
                <code style={{ whiteSpace: 'nowrap' }}>{formatCardNumber(row.card_number)}</code>
              </a>
              {row.status === 'blocked' ? (
                <>
                  {' '}
                  <span className="badge badge--danger">{t('customers.blocked')}</span>
                </>
              ) : null}
            </td>
            <td data-label={t('customers.member')}>
              <span className="cell-stack">
                <strong>{row.anonymized ? t('customers.anonymized') : (row.name ?? '—')}</strong>
                <span className="muted small">
                  {[row.email, row.phone].filter(Boolean).join(' · ')}
                </span>
              </span>
            </td>
            <td data-label={t('customers.home_store')}>{row.home_store_name ?? '—'}</td>
            <td data-label={t('customers.balance')} className="num">
              {row.programme_type === 'points'
                ? t('customers.points', { count: row.points_balance })
                : t('customers.stamps', { count: row.stamps_balance })}
            </td>
            <td data-label={t('customers.last_activity')}>
              {format.date(new Date(row.last_activity_at))}
            </td>
          </tr>
        ))}
      </ListTable>
      {props.results && (props.results.meta.page > 1 || props.results.meta.has_more) ? (
        <nav className="pagination" aria-label={t('customers.pages')}>
          {props.results.meta.page > 1 ? (
            <a className="pagination__link" href={pageLink(props.results.meta.page - 1)}>
              {t('customers.previous')}
            </a>
          ) : null}
          <span className="pagination__summary">
            {t('customers.page', { page: props.results.meta.page })}
          </span>
          {props.results.meta.has_more ? (
            <a className="pagination__link" href={pageLink(props.results.meta.page + 1)}>
              {t('customers.next')}
            </a>
          ) : null}
        </nav>
      ) : null}
    </MerchantLayout>
  )
}
