import { TableCard } from '../../web/pages/table-card.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { usePage } from '../../web/pages/page.tsx'
import type { SessionAdmin } from '../../accounts/accounts.ts'
import type { HostForm } from '../../web/site/site.ts'
import type {
  HostFormCheck,
  PageCheck,
  RedirectCheck,
  RoutingProblem,
  RoutingReport,
  StoreRouting,
} from '../routing-diagnostics.ts'
import { AdminLayout } from './admin-layout.tsx'

export type RoutingSettings = { baseUrl: string; hostRouting: boolean; trustProxy: boolean }

/** A long URL with break opportunities before its slashes and query parts. */
const Breakable = ({ text }: { text: string }) => {
  const parts = text.split(/(?=[?&])|(?<=.)(?=\/)|(?<=%2F)/)
  return (
    <>
      {parts.map((part, index) => (
        <span key={index}>
          {index > 0 ? <wbr /> : null}
          {part}
        </span>
      ))}
    </>
  )
}

const Problems = ({ problems }: { problems: RoutingProblem[] }) => {
  const { t } = usePage()
  return (
    <>
      {[...new Set(problems)].map((problem) => (
        <span key={problem} className="small">
          <br />
          {t(`routing.problems.${problem}`)}
        </span>
      ))}
    </>
  )
}

const Badge = ({ ok }: { ok: boolean }) => {
  const { t } = usePage()
  return ok ? (
    <span className="badge badge--success">{t('routing.verdict_ok')}</span>
  ) : (
    <span className="badge badge--danger">{t('routing.verdict_failed')}</span>
  )
}

/** One page in one host form: the verdict, the link, the live answer; what went wrong. */
const PageCell = ({ check, hostForm }: { check: PageCheck | undefined; hostForm: HostForm }) => {
  const { t } = usePage()
  const label = t(`routing.forms.${hostForm}`)
  if (!check)
    return (
      <td data-label={label} className="muted">
        —
      </td>
    )
  const ok = check.problems.length === 0
  return (
    <td data-label={label} data-verdict={ok ? 'ok' : 'failed'}>
      <span>
        <Badge ok={ok} />{' '}
        {check.url && check.link ? (
          <a href={check.url}>
            <Breakable text={check.link} />
          </a>
        ) : null}
        {check.live ? (
          <span className="muted small">
            <br />
            {check.live.status === 0 ? t('routing.no_answer') : check.live.status}
            {check.live.location ? (
              <>
                {' → '}
                <Breakable text={check.live.location} />
              </>
            ) : null}
          </span>
        ) : null}
        {ok ? null : (
          <>
            <span className="small">
              <br />
              {t('routing.resolves_to')}:{' '}
              {check.resolved ? (
                <code>
                  {check.resolved.storeCode ?? t('routing.platform')} {check.resolved.path}
                </code>
              ) : (
                t('routing.nowhere')
              )}
            </span>
            <Problems problems={check.problems} />
          </>
        )}
      </span>
    </td>
  )
}

const failedIn = (form: HostFormCheck) =>
  form.pages.some((check) => check.problems.length > 0) ||
  form.redirects.some((check) => check.problems.length > 0)

/** A store's matrix: one row per storefront page, one column per host form. */
const StoreCard = ({ store }: { store: StoreRouting }) => {
  const { t } = usePage()
  const failed = store.forms.some(failedIn)
  const id = `store-${store.code.toLowerCase()}`
  const pages = store.forms.find((form) => form.pages.length > 0)?.pages.map((c) => c.page) ?? []
  return (
    <section className="card card--flush" aria-labelledby={id}>
      <header className="card__header">
        <div>
          <h2 className="card__title" id={id}>
            {store.name} <span className="muted small">{store.code}</span>
          </h2>
          <p className="muted small">{store.merchantName}</p>
          <p className="small">
            {store.forms.map((form, index) => (
              <span key={form.hostForm}>
                {index > 0 ? <br /> : null}
                {t(`routing.forms.${form.hostForm}`)}:{' '}
                {form.home ? (
                  <a href={form.home}>{form.home}</a>
                ) : (
                  <span className="muted">{t(`routing.not_configured_${form.hostForm}`)}</span>
                )}
              </span>
            ))}
          </p>
        </div>
        <Badge ok={!failed} />
      </header>
      <div className="table-wrap">
        <table className="table table--stack">
          <caption className="visually-hidden">
            {t('routing.store_caption', { store: store.name })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('routing.page')}</th>
              {store.forms.map((form) => (
                <th scope="col" key={form.hostForm}>
                  {t(`routing.forms.${form.hostForm}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {pages.map((page) => (
              <tr key={page}>
                <th scope="row" data-label={t('routing.page')}>
                  <code>{page}</code>
                </th>
                {store.forms.map((form) => (
                  <PageCell
                    key={form.hostForm}
                    hostForm={form.hostForm}
                    check={form.pages.find((check) => check.page === page)}
                  />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

const RedirectLine = ({ check, first }: { check: RedirectCheck; first?: boolean }) => (
  <span className="small">
    {first ? null : <br />}
    <code>
      <Breakable text={check.from} />
    </code>
    {' → '}
    <code>{check.location ? <Breakable text={check.location} /> : '—'}</code>
    <Problems problems={check.problems} />
  </span>
)

/**
 * The redirects per store and host form: where logging in leads with a `next` written in
 * another form, and the redirects the app answered with (listed when one failed).
 */
const RedirectsCard = ({ report }: { report: RoutingReport }) => {
  const { t, format } = usePage()
  const rows = report.stores.flatMap((store) =>
    store.forms.filter((form) => form.home !== null).map((form) => ({ store, form })),
  )
  return (
    <TableCard
      id="redirects"
      title={t('routing.redirects_title')}
      lead={t('routing.redirects_lead')}
      columns={[
        { label: t('routing.store') },
        { label: t('routing.after_login') },
        { label: t('routing.live_redirects') },
        { label: t('routing.verdict') },
      ]}
    >
      {rows.map(({ store, form }) => {
        const afterLogin = form.redirects.filter((check) => check.kind === 'after_login')
        const live = form.redirects.filter((check) => check.kind === 'live')
        const liveFailed = live.filter((check) => check.problems.length > 0)
        const ok = !form.redirects.some((check) => check.problems.length > 0)
        return (
          <tr key={`${store.id}:${form.hostForm}`} data-verdict={ok ? 'ok' : 'failed'}>
            <th scope="row" data-label={t('routing.store')}>
              <span>
                {store.name}
                <br />
                <span className="muted small">{t(`routing.forms.${form.hostForm}`)}</span>
              </span>
            </th>
            <td data-label={t('routing.after_login')}>
              <span>
                {afterLogin.map((check, index) => (
                  <RedirectLine key={check.from} check={check} first={index === 0} />
                ))}
              </span>
            </td>
            <td data-label={t('routing.live_redirects')}>
              <span>
                {report.live
                  ? t('routing.checked', { checked: format.number(live.length) })
                  : t('routing.live_off')}
                {liveFailed.map((check) => (
                  <RedirectLine key={check.from} check={check} />
                ))}
              </span>
            </td>
            <td data-label={t('routing.verdict')}>
              <Badge ok={ok} />
            </td>
          </tr>
        )
      })}
    </TableCard>
  )
}

/** The routing diagnostics: the host-form × page matrix of every active store, run live. */
export const RoutingPage = (props: {
  report: RoutingReport
  settings: RoutingSettings
  admin: Pick<SessionAdmin, 'name' | 'email'>
}) => {
  const { t, format, urls } = usePage()
  const { report, settings } = props
  const { summary } = report
  const allGood = summary.failed === 0 && summary.redirectsFailed === 0
  const n = format.number
  return (
    <AdminLayout title={t('routing.title')} current="routing" admin={props.admin}>
      <PageHeader
        title={t('routing.title')}
        lead={t('routing.lead')}
        actions={
          <>
            <a className="button button--secondary" href={urls.path('adminRouting')}>
              {t('routing.run_again')}
            </a>
          </>
        }
      />
      <div
        className={`alert ${allGood ? 'alert--success' : 'alert--error'}`}
        role={allGood ? 'status' : 'alert'}
        data-summary={allGood ? 'ok' : 'failed'}
      >
        <p className="alert__title">
          {allGood ? t('routing.summary_ok_title') : t('routing.summary_failed_title')}
        </p>
        <p>
          {allGood
            ? t('routing.summary_ok', {
                checks: n(summary.checks),
                redirects: n(summary.redirects),
              })
            : t('routing.summary_failed', {
                failed: n(summary.failed),
                checks: n(summary.checks),
                redirects_failed: n(summary.redirectsFailed),
                redirects: n(summary.redirects),
              })}
        </p>
      </div>
      <ul className="stats" aria-label={t('routing.stats_label')}>
        <li className="stat">
          <p className="stat__label">{t('routing.stat_checks')}</p>
          <p className="stat__value">{n(summary.checks)}</p>
          <p className="stat__meta">
            {t('routing.stat_stores', { stores: n(report.stores.length) })}
          </p>
        </li>
        <li className="stat">
          <p className="stat__label">{t('routing.stat_failed')}</p>
          <p className="stat__value">{n(summary.failed)}</p>
        </li>
        <li className="stat">
          <p className="stat__label">{t('routing.stat_redirects')}</p>
          <p className="stat__value">{n(summary.redirects)}</p>
          <p className="stat__meta">
            {t('routing.stat_redirects_failed', { failed: n(summary.redirectsFailed) })}
          </p>
        </li>
        <li className="stat">
          <p className="stat__label">{t('routing.stat_not_configured')}</p>
          <p className="stat__value">{n(summary.notConfigured)}</p>
        </li>
      </ul>
      <section className="card" aria-labelledby="settings-title">
        <header className="card__header">
          <h2 className="card__title" id="settings-title">
            {t('routing.settings_title')}
          </h2>
        </header>
        <dl className="details">
          <div className="details__row">
            <dt>BASE_URL</dt>
            <dd>
              <code>{settings.baseUrl}</code>
            </dd>
          </div>
          <div className="details__row">
            <dt>HOST_ROUTING</dt>
            <dd>{settings.hostRouting ? t('routing.on') : t('routing.off')}</dd>
          </div>
          <div className="details__row">
            <dt>TRUST_PROXY</dt>
            <dd>{settings.trustProxy ? t('routing.on') : t('routing.off')}</dd>
          </div>
          <div className="details__row">
            <dt>{t('routing.live_requests')}</dt>
            <dd>{report.live ? t('routing.live_on') : t('routing.live_off')}</dd>
          </div>
        </dl>
      </section>
      {report.stores.length === 0 ? (
        <div className="card empty">
          <p>{t('routing.no_stores')}</p>
        </div>
      ) : (
        report.stores.map((store) => <StoreCard key={store.id} store={store} />)
      )}
      {report.stores.length > 0 ? <RedirectsCard report={report} /> : null}
    </AdminLayout>
  )
}
