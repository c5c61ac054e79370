import type { LocalizedText } from '../../../shared/languages.ts'
import type { LedgerEntryView } from '../../../shared/schemas/loyalty-api.ts'
import { usePage } from '../../web/pages/page.tsx'
import { StorefrontLayout } from '../../web/pages/storefront-layout.tsx'
import { Pagination } from '../../web/pages/pagination.tsx'

export type HistoryView = {
  programmeType: 'points' | 'stamps'
  entries: LedgerEntryView[]
  meta: { page: number; total: number; total_pages: number }
  rewardNames: Record<string, LocalizedText>
  /** The store's time zone: dates are shown as the customer lived them there. */
  timeZone: string
}

const Entry = (props: { entry: LedgerEntryView; view: HistoryView; signed: Intl.NumberFormat }) => {
  const { t, text, format } = usePage()
  const { entry, view } = props
  const delta = view.programmeType === 'points' ? entry.points_delta : entry.stamps_delta
  const reward = entry.reward_id ? text(view.rewardNames[entry.reward_id]) : ''
  const columns = {
    date: t('history.columns.date'),
    activity: t('history.columns.activity'),
    store: t('history.columns.store'),
    purchase: t('history.columns.purchase'),
    amount: t(
      view.programmeType === 'points' ? 'history.columns.points' : 'history.columns.stamps',
    ),
  }
  return (
    <tr>
      <td data-label={columns.date}>
        <time dateTime={entry.occurred_at}>
          {format.dateTime(entry.occurred_at, view.timeZone)}
        </time>
      </td>
      <td data-label={columns.activity}>
        {/* One element: the stacked table on phones lays a cell's children out side by side. */}
        <span>
          {t(`history.types.${entry.type}`)}
          {reward ? <span className="muted">{` · ${reward}`}</span> : null}
          {entry.status === 'reversed' ? (
            <>
              {' '}
              <span className="badge badge--warning">{t('history.status_reversed')}</span>
            </>
          ) : entry.status === 'review' ? (
            <>
              {' '}
              <span className="badge badge--info">{t('history.status_review')}</span>
            </>
          ) : null}
        </span>
      </td>
      <td data-label={columns.store}>{entry.store_name ?? '—'}</td>
      <td className="num" data-label={columns.purchase}>
        {entry.amount_cents !== null && entry.currency
          ? format.money(entry.amount_cents, entry.currency)
          : '—'}
      </td>
      <td className="num" data-label={columns.amount}>
        <span
          className={delta > 0 ? 'amount--positive' : delta < 0 ? 'amount--negative' : undefined}
        >
          {props.signed.format(delta)}
        </span>
      </td>
    </tr>
  )
}

/** The card's movements, newest first, twenty to a page. */
export const AccountHistoryPage = ({ view }: { view: HistoryView }) => {
  const { t, urls, format } = usePage()
  const signed = new Intl.NumberFormat(format.locale, { signDisplay: 'exceptZero' })
  return (
    <StorefrontLayout title={t('history.title')} width="wide" current="history">
      <div className="stack stack--lg">
        <header>
          <h1 className="page-title">{t('history.title')}</h1>
          <p className="page-lead">{t('history.lead')}</p>
        </header>
        {view.entries.length === 0 ? (
          <div className="empty">
            <p className="empty__title">{t('history.empty_title')}</p>
            <p>{t('history.empty_text')}</p>
          </div>
        ) : (
          <div className="card card--flush">
            <div className="table-wrap">
              <table className="table table--stack">
                <caption className="visually-hidden">
                  {t('history.caption', {
                    page: format.number(view.meta.page),
                    pages: format.number(view.meta.total_pages),
                  })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('history.columns.date')}</th>
                    <th scope="col">{t('history.columns.activity')}</th>
                    <th scope="col">{t('history.columns.store')}</th>
                    <th scope="col" className="num">
                      {t('history.columns.purchase')}
                    </th>
                    <th scope="col" className="num">
                      {t(
                        view.programmeType === 'points'
                          ? 'history.columns.points'
                          : 'history.columns.stamps',
                      )}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {view.entries.map((entry) => (
                    <Entry key={entry.id} entry={entry} view={view} signed={signed} />
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}
        <Pagination
          page={view.meta.page}
          totalPages={view.meta.total_pages}
          href={(page) => urls.path('history', null, { page })}
          texts="history.pagination"
        />
      </div>
    </StorefrontLayout>
  )
}
