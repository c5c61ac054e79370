import { TableCard } from '../../web/pages/table-card.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { usePage } from '../../web/pages/page.tsx'
import type { SessionAdmin } from '../../accounts/accounts.ts'
import { JOB_STATES, type JobQueue, type PlatformOverview } from '../queries/platform-overview.ts'
import type { AdminMerchant } from '../presenters.ts'
import { AdminLayout } from './admin-layout.tsx'
import { BackOfficeCard } from './back-office-card.tsx'
import type { MerchantCounts } from '../queries/back-office.ts'

const MerchantRow = ({ merchant }: { merchant: AdminMerchant }) => {
  const { t, format, urls } = usePage()
  return (
    <tr>
      <td data-label={t('merchants.merchant')}>
        <span>
          <a href={urls.path('adminMerchant', { id: merchant.id })}>
            <strong>{merchant.name}</strong>
          </a>
          <br />
          <span className="muted small">{merchant.slug}</span>
        </span>
      </td>
      <td data-label={t('merchants.status')}>
        <span
          className={`badge ${merchant.status === 'active' ? 'badge--success' : 'badge--danger'}`}
        >
          {t(`merchants.status_${merchant.status}`)}
        </span>
      </td>
      <td data-label={t('merchants.programme')}>
        {merchant.programmeType
          ? t(`merchants.programme_${merchant.programmeType}`)
          : t('merchants.no_programme')}
      </td>
      <td data-label={t('merchants.stores')}>
        {merchant.stores.length === 0 ? (
          <span className="muted">{t('merchants.no_stores')}</span>
        ) : (
          <span>
            {merchant.stores.map((store, index) => (
              <span key={store.id}>
                {index > 0 ? <br /> : null}
                <a href={store.storefrontUrl}>{store.name}</a>{' '}
                <span className="muted small">
                  {store.code} ·{' '}
                  {t('merchants.store_members', { members: format.number(store.members) })}
                </span>
                {store.active ? null : (
                  <>
                    {' '}
                    <span className="badge badge--warning">{t('merchants.store_inactive')}</span>
                  </>
                )}
              </span>
            ))}
          </span>
        )}
      </td>
      <td data-label={t('merchants.members')} className="num">
        {format.number(merchant.members)}
      </td>
    </tr>
  )
}

const JobsCard = ({ jobs }: { jobs: JobQueue }) => {
  const { t, format } = usePage()
  return (
    <section className="card card--flush" aria-labelledby="jobs-title">
      <header className="card__header">
        <h2 className="card__title" id="jobs-title">
          {t('jobs.title')}
        </h2>
      </header>
      {jobs === null ? (
        <div className="empty">
          <p>{t('jobs.unavailable')}</p>
        </div>
      ) : jobs.length === 0 ? (
        <div className="empty">
          <p className="empty__title">{t('jobs.empty_title')}</p>
          <p>{t('jobs.empty')}</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table table--stack">
            <thead>
              <tr>
                <th scope="col">{t('jobs.task')}</th>
                {JOB_STATES.map((state) => (
                  <th scope="col" className="num" key={state}>
                    {t(`jobs.state_${state}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {jobs.map((row) => (
                <tr key={row.task}>
                  <th scope="row" data-label={t('jobs.task')}>
                    <code>{row.task}</code>
                  </th>
                  {JOB_STATES.map((state) => (
                    <td key={state} className="num" data-label={t(`jobs.state_${state}`)}>
                      {state === 'dead' && row.dead > 0 ? (
                        <span className="badge badge--danger">{format.number(row.dead)}</span>
                      ) : (
                        format.number(row[state])
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

/** The platform admin's dashboard: merchants, stores, members, the job queue, the tools. */
export const AdminDashboardPage = (props: {
  overview: PlatformOverview
  counts: MerchantCounts
  admin: Pick<SessionAdmin, 'name' | 'email'>
}) => {
  const { t, format, urls } = usePage()
  const { overview } = props
  const jobs = overview.jobs ?? []
  const sum = (state: 'waiting' | 'dead') => jobs.reduce((total, row) => total + row[state], 0)
  return (
    <AdminLayout title={t('dashboard.title')} current="dashboard" admin={props.admin}>
      <PageHeader
        title={t('dashboard.title')}
        lead={t('dashboard.lead', { name: props.admin.name })}
        actions={
          <>
            <a className="button button--secondary" href={urls.path('adminRouting')}>
              {t('dashboard.run_routing')}
            </a>
          </>
        }
      />
      <ul className="stats" aria-label={t('stats.label')}>
        <li className="stat">
          <p className="stat__label">{t('stats.merchants')}</p>
          <p className="stat__value">{format.number(overview.totals.merchants)}</p>
        </li>
        <li className="stat">
          <p className="stat__label">{t('stats.stores')}</p>
          <p className="stat__value">{format.number(overview.totals.stores)}</p>
        </li>
        <li className="stat">
          <p className="stat__label">{t('stats.members')}</p>
          <p className="stat__value">{format.number(overview.totals.members)}</p>
        </li>
        <li className="stat">
          <p className="stat__label">{t('stats.jobs_waiting')}</p>
          <p className="stat__value">{format.number(sum('waiting'))}</p>
          <p className="stat__meta">
            {sum('dead') > 0 ? (
              <span className="stat__delta stat__delta--down">
                {t('stats.jobs_dead', { dead: format.number(sum('dead')) })}
              </span>
            ) : (
              t('stats.jobs_none_dead')
            )}
          </p>
        </li>
      </ul>
      <BackOfficeCard counts={props.counts} />
      <TableCard
        id="merchants"
        title={t('merchants.title')}
        columns={[
          { label: t('merchants.merchant') },
          { label: t('merchants.status') },
          { label: t('merchants.programme') },
          { label: t('merchants.stores') },
          { label: t('merchants.members'), numeric: true },
        ]}
        empty={overview.merchants.length === 0 ? t('merchants.empty') : null}
      >
        {overview.merchants.map((merchant) => (
          <MerchantRow key={merchant.id} merchant={merchant} />
        ))}
      </TableCard>
      <JobsCard jobs={overview.jobs} />
      <section className="card" aria-labelledby="tools-title">
        <header className="card__header">
          <h2 className="card__title" id="tools-title">
            {t('tools.title')}
          </h2>
        </header>
        <dl className="details">
          <div className="details__row">
            <dt>{t('tools.routing_hint')}</dt>
            <dd>
              <a href={urls.path('adminRouting')}>{t('tools.routing')}</a>
            </dd>
          </div>
          {(['readyz', 'metrics', 'version'] as const).map((tool) => (
            <div className="details__row" key={tool}>
              <dt>{t(`tools.${tool}`)}</dt>
              <dd>
                <a href={`/${tool}`}>/{tool}</a>
              </dd>
            </div>
          ))}
        </dl>
      </section>
    </AdminLayout>
  )
}
