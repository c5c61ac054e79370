import type { ReactNode } from 'react'
import type { SessionMerchantUser } from '../../accounts/accounts.ts'
import type { AnalyticsFieldError } from '../../analytics/analytics-filter.ts'
import type { AnalyticsData, AnalyticsView } from '../../analytics/queries/analytics-page.ts'
import type { AnalyticsStore } from '../../analytics/queries/analytics.ts'
import { NO_KEY } from '../../analytics/refresh-summaries.ts'
import { Field, SelectField } from '../../web/pages/form.tsx'
import { usePage } from '../../web/pages/page.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { BarChart, HeatMap, TimeChart } from './analytics-charts.tsx'
import { MerchantLayout } from './merchant-layout.tsx'

export type AnalyticsPageProps = {
  merchantName: string
  storeNames: string[]
  user: Pick<SessionMerchantUser, 'name' | 'role' | 'storeIds'>
  stores: AnalyticsStore[]
  values: { from: string; to: string; store: string }
  errors: Partial<Record<'from' | 'to' | 'store', AnalyticsFieldError>>
  period: { from: string; to: string }
  data: AnalyticsData
}

const utc = (day: string) => new Date(`${day}T00:00:00Z`)

/** Formatters of this page in the page's language (Intl). */
const useAnalyticsFormat = () => {
  const { format } = usePage()
  const locale = format.locale
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 })
  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 })
  const dayShort = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  })
  const month = new Intl.DateTimeFormat(locale, {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  })
  const monthShort = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' })
  return {
    number: format.number,
    money: format.money,
    percent: (share: number | null) => (share === null ? '–' : percent.format(share)),
    decimal: (n: number | null) => (n === null ? '–' : decimal.format(n)),
    compact: (n: number) => compact.format(n),
    day: (day: string) => format.date(utc(day), 'UTC'),
    dayShort: (day: string) => dayShort.format(utc(day)),
    month: (day: string) => month.format(utc(day)),
    monthShort: (day: string) => monthShort.format(utc(day)),
  }
}

/** A view's block: its title, its CSV link, the chart and the table beside it. */
const Section = (props: {
  view: AnalyticsView
  id: string
  title: string
  lead?: string
  chart: ReactNode
  table: ReactNode
}) => {
  const { t, urls, path } = usePage()
  const query = path.includes('?') ? path.slice(path.indexOf('?')) : ''
  return (
    <section className="card analytics-section" aria-labelledby={`${props.id}-heading`}>
      <header className="analytics-section__header">
        <div>
          <h2 className="card__title" id={`${props.id}-heading`}>
            {props.title}
          </h2>
          {props.lead ? <p className="muted small">{props.lead}</p> : null}
        </div>
        <a
          className="button button--ghost button--small"
          href={`${urls.path('merchantAnalyticsCsv', { view: props.view })}${query}`}
          download
        >
          {t('analytics.download_csv')}
        </a>
      </header>
      <div className="analytics-section__body">
        <div className="analytics-section__chart">{props.chart}</div>
        <div
          className="analytics-section__table"
          role="region"
          aria-label={t('analytics.table_of', { title: props.title })}
          tabIndex={0}
        >
          {props.table}
        </div>
      </div>
    </section>
  )
}

/** A plain table of the chart's numbers: the first column names the row. */
const DataTable = (props: {
  caption: string
  columns: string[]
  rows: { key: string; cells: ReactNode[] }[]
}) => {
  const { t } = usePage()
  if (props.rows.length === 0) return <p className="muted">{t('analytics.no_data')}</p>
  return (
    <table className="table analytics-table">
      <caption className="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          {props.columns.map((c, i) => (
            <th key={c} scope="col" className={i > 0 ? 'num' : undefined}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={row.key}>
            {row.cells.map((cell, i) =>
              i === 0 ? (
                <th key={i} scope="row">
                  {cell}
                </th>
              ) : (
                <td key={i} className="num">
                  {cell}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

const Tile = (props: { label: string; value: string; note?: string }) => (
  <div className="analytics-tile">
    <p className="analytics-tile__label">{props.label}</p>
    <p className="analytics-tile__value">{props.value}</p>
    {props.note ? <p className="muted small">{props.note}</p> : null}
  </div>
)

/** /merchant/analytics: the programme's figures over a period, for the stores in reach. */
export const AnalyticsPage = (props: AnalyticsPageProps) => {
  const { t, urls } = usePage()
  const f = useAnalyticsFormat()
  const { data } = props
  const names = new Map(props.stores.map((s) => [s.id, s.name]))
  const storeName = (id: string) =>
    id === NO_KEY ? t('analytics.no_store') : (names.get(id) ?? t('analytics.other_store'))
  const { movements, members, visits, cohorts, stores, outstanding, cashiers } = data

  // Movements per day for the selected stores together; per store over the period.
  const byDay = new Map<string, { earned: number; redeemed: number }>()
  const byStore = new Map<string, { earned: number; redeemed: number }>()
  for (const d of movements.days) {
    const day = byDay.get(d.day) ?? { earned: 0, redeemed: 0 }
    day.earned += d.earned
    day.redeemed += d.redeemed
    byDay.set(d.day, day)
    const store = byStore.get(d.storeId) ?? { earned: 0, redeemed: 0 }
    store.earned += d.earned
    store.redeemed += d.redeemed
    byStore.set(d.storeId, store)
  }
  const days = [...byDay.keys()]
  const storeIdsInMatrix = [
    ...new Set(stores.matrix.flatMap((m) => [m.homeStoreId, m.storeId])),
  ].sort((a, b) => storeName(a).localeCompare(storeName(b)))
  const matrixValue = (home: string, store: string) =>
    stores.matrix.find((m) => m.homeStoreId === home && m.storeId === store)?.members ?? 0
  const storeIndex = (id: string) => String(storeIdsInMatrix.indexOf(id) + 1)
  const money = (cents: number | null) =>
    cents === null ? '–' : f.money(cents, outstanding.currency)
  const fieldErrors = Object.fromEntries(
    Object.entries(props.errors).map(([field, code]) => [field, t(`analytics.errors.${code}`)]),
  )

  return (
    <MerchantLayout
      title={t('analytics.title')}
      current="analytics"
      merchantName={props.merchantName}
      user={props.user}
      storeNames={props.storeNames}
    >
      <PageHeader
        title={t('analytics.title')}
        lead={t('analytics.lead', { from: f.day(props.period.from), to: f.day(props.period.to) })}
      />
      <form className="toolbar" method="get" action={urls.path('merchantAnalytics')} role="search">
        <Field
          id="analytics-from"
          name="from"
          type="date"
          label={t('analytics.from')}
          value={props.values.from || props.period.from}
          errors={fieldErrors}
        />
        <Field
          id="analytics-to"
          name="to"
          type="date"
          label={t('analytics.to')}
          value={props.values.to || props.period.to}
          errors={fieldErrors}
        />
        <SelectField
          id="analytics-store"
          name="store"
          label={t('analytics.store')}
          value={props.values.store}
          errors={fieldErrors}
          options={[
            {
              value: '',
              label: props.user.storeIds ? t('analytics.my_stores') : t('analytics.all_stores'),
            },
            ...props.stores.map((s) => ({ value: s.id, label: s.name })),
          ]}
        />
        <div className="toolbar__spacer" />
        <button className="button button--secondary">{t('analytics.apply')}</button>
      </form>

      <div className="analytics-tiles">
        <Tile label={t('analytics.members_total')} value={f.number(members.total)} />
        <Tile label={t('analytics.members_new')} value={f.number(members.newInPeriod)} />
        <Tile label={t('analytics.active_30')} value={f.number(members.active30)} />
        <Tile label={t('analytics.active_90')} value={f.number(members.active90)} />
        <Tile
          label={t('analytics.redemption_rate')}
          value={f.percent(movements.redemptionRate)}
          note={t('analytics.redemption_rate_note')}
        />
        <Tile
          label={t('analytics.outstanding_total')}
          value={f.number(outstanding.total.outstanding)}
          note={money(outstanding.total.valueCents)}
        />
      </div>

      <Section
        view="members"
        id="analytics-members"
        title={t('analytics.members.title')}
        lead={t('analytics.members.lead')}
        chart={
          <TimeChart
            id="chart-members"
            title={t('analytics.members.title')}
            desc={t('analytics.members.desc', { members: f.number(members.newInPeriod) })}
            labels={members.weeks.map((w) => f.dayShort(w.week))}
            series={[
              {
                name: t('analytics.members.new'),
                values: members.weeks.map((w) => w.members),
                tone: 'neutral',
              },
            ]}
            format={f.compact}
          />
        }
        table={
          <DataTable
            caption={t('analytics.members.title')}
            columns={[t('analytics.members.week'), t('analytics.members.new')]}
            rows={members.weeks.map((w) => ({
              key: w.week,
              cells: [f.day(w.week), f.number(w.members)],
            }))}
          />
        }
      />

      <Section
        view="movements"
        id="analytics-movements"
        title={t('analytics.movements.title')}
        lead={t('analytics.movements.lead')}
        chart={
          <TimeChart
            id="chart-movements"
            title={t('analytics.movements.title')}
            desc={t('analytics.movements.desc', {
              earned: f.number(movements.totals.earned),
              redeemed: f.number(movements.totals.redeemed),
            })}
            labels={days.map(f.dayShort)}
            series={[
              {
                name: t('analytics.movements.earned'),
                values: days.map((d) => byDay.get(d)!.earned),
                tone: 'earn',
              },
              {
                name: t('analytics.movements.redeemed'),
                values: days.map((d) => byDay.get(d)!.redeemed),
                tone: 'redeem',
              },
            ]}
            format={f.compact}
          />
        }
        table={
          <>
            <DataTable
              caption={t('analytics.movements.by_store')}
              columns={[
                t('analytics.store'),
                t('analytics.movements.earned'),
                t('analytics.movements.redeemed'),
                t('analytics.redemption_rate'),
              ]}
              rows={[...byStore].map(([id, s]) => ({
                key: id,
                cells: [
                  storeName(id),
                  f.number(s.earned),
                  f.number(s.redeemed),
                  f.percent(s.earned > 0 ? s.redeemed / s.earned : null),
                ],
              }))}
            />
            <DataTable
              caption={t('analytics.movements.by_day')}
              columns={[
                t('analytics.movements.day'),
                t('analytics.movements.earned'),
                t('analytics.movements.redeemed'),
              ]}
              rows={days.map((d) => ({
                key: d,
                cells: [f.day(d), f.number(byDay.get(d)!.earned), f.number(byDay.get(d)!.redeemed)],
              }))}
            />
          </>
        }
      />

      <Section
        view="visits"
        id="analytics-visits"
        title={t('analytics.visits.title')}
        lead={t('analytics.visits.lead')}
        chart={
          <TimeChart
            id="chart-visits"
            title={t('analytics.visits.title')}
            desc={t('analytics.visits.desc')}
            labels={visits.map((m) => f.monthShort(m.month))}
            series={[
              {
                name: t('analytics.visits.per_member'),
                values: visits.map((m) => m.perMember ?? 0),
                tone: 'earn',
              },
            ]}
            format={(n) => f.decimal(n)}
          />
        }
        table={
          <DataTable
            caption={t('analytics.visits.title')}
            columns={[
              t('analytics.visits.month'),
              t('analytics.visits.visits'),
              t('analytics.visits.active'),
              t('analytics.visits.per_member'),
            ]}
            rows={visits.map((m) => ({
              key: m.month,
              cells: [
                f.month(m.month),
                f.number(m.visits),
                f.number(m.activeMembers),
                f.decimal(m.perMember),
              ],
            }))}
          />
        }
      />

      <Section
        view="cohorts"
        id="analytics-cohorts"
        title={t('analytics.cohorts.title')}
        lead={t('analytics.cohorts.lead')}
        chart={
          cohorts.length > 0 ? (
            <HeatMap
              id="chart-cohorts"
              title={t('analytics.cohorts.title')}
              desc={t('analytics.cohorts.desc')}
              rows={cohorts.map((c) => f.monthShort(c.month))}
              columns={cohorts[0]!.active.map((_, i) => String(i))}
              values={cohorts.map((c) => c.active)}
              max={1}
              format={(n) => f.percent(n)}
              showValues
            />
          ) : null
        }
        table={
          <DataTable
            caption={t('analytics.cohorts.title')}
            columns={[
              t('analytics.cohorts.month'),
              t('analytics.cohorts.members'),
              ...(cohorts[0]?.active ?? []).map((_, i) => t('analytics.cohorts.after', { n: i })),
            ]}
            rows={cohorts.map((c) => ({
              key: c.month,
              cells: [f.month(c.month), f.number(c.members), ...c.active.map(f.percent)],
            }))}
          />
        }
      />

      <Section
        view="stores"
        id="analytics-stores"
        title={t('analytics.stores.title')}
        lead={t('analytics.stores.lead')}
        chart={
          <>
            <BarChart
              id="chart-homes"
              title={t('analytics.stores.homes')}
              desc={t('analytics.stores.homes_desc')}
              items={stores.homes.map((h) => ({
                label: storeName(h.storeId),
                value: h.members,
                display: f.number(h.members),
              }))}
            />
            {storeIdsInMatrix.length > 0 ? (
              <HeatMap
                id="chart-matrix"
                title={t('analytics.stores.matrix')}
                desc={t('analytics.stores.matrix_desc')}
                rows={storeIdsInMatrix.map(storeIndex)}
                columns={storeIdsInMatrix.map(storeIndex)}
                values={storeIdsInMatrix.map((home) =>
                  storeIdsInMatrix.map((store) => matrixValue(home, store)),
                )}
                max={Math.max(1, ...stores.matrix.map((m) => m.members))}
                format={f.compact}
                showValues
              />
            ) : null}
          </>
        }
        table={
          <>
            <DataTable
              caption={t('analytics.stores.homes')}
              columns={[t('analytics.stores.home_store'), t('analytics.stores.members')]}
              rows={stores.homes.map((h) => ({
                key: h.storeId,
                cells: [storeName(h.storeId), f.number(h.members)],
              }))}
            />
            <DataTable
              caption={t('analytics.stores.matrix')}
              columns={[t('analytics.stores.home_store'), ...storeIdsInMatrix.map(storeIndex)]}
              rows={storeIdsInMatrix.map((home) => ({
                key: home,
                cells: [
                  `${storeIndex(home)} ${storeName(home)}`,
                  ...storeIdsInMatrix.map((store) => f.number(matrixValue(home, store))),
                ],
              }))}
            />
          </>
        }
      />

      <Section
        view="outstanding"
        id="analytics-outstanding"
        title={t('analytics.outstanding.title')}
        lead={
          outstanding.centsPerUnit === null
            ? t('analytics.outstanding.lead_no_value')
            : t('analytics.outstanding.lead', {
                value: money(Math.round(outstanding.centsPerUnit * 100)),
              })
        }
        chart={
          <BarChart
            id="chart-outstanding"
            title={t('analytics.outstanding.title')}
            desc={t('analytics.outstanding.desc', {
              outstanding: f.number(outstanding.total.outstanding),
            })}
            tone="redeem"
            items={outstanding.rows.map((r) => ({
              label: storeName(r.storeId),
              value: r.outstanding,
              display: f.number(r.outstanding),
            }))}
          />
        }
        table={
          <DataTable
            caption={t('analytics.outstanding.title')}
            columns={[
              t('analytics.store'),
              t('analytics.outstanding.earned'),
              t('analytics.outstanding.corrections'),
              t('analytics.outstanding.redeemed'),
              t('analytics.outstanding.expired'),
              t('analytics.outstanding.outstanding'),
              t('analytics.outstanding.value'),
            ]}
            rows={[...outstanding.rows, { ...outstanding.total, storeId: 'total' }].map((r) => ({
              key: r.storeId,
              cells: [
                r.storeId === 'total' ? t('analytics.total') : storeName(r.storeId),
                f.number(r.earned),
                f.number(r.corrections),
                f.number(r.redeemed),
                f.number(r.expired),
                f.number(r.outstanding),
                money(r.valueCents),
              ],
            }))}
          />
        }
      />

      <Section
        view="cashiers"
        id="analytics-cashiers"
        title={t('analytics.cashiers.title')}
        lead={t('analytics.cashiers.lead')}
        chart={
          <BarChart
            id="chart-cashiers"
            title={t('analytics.cashiers.title')}
            desc={t('analytics.cashiers.desc')}
            tone="earn"
            items={cashiers.map((c) => ({
              label: c.name ?? t('analytics.cashiers.none'),
              value: c.earnings,
              display: f.number(c.earnings),
            }))}
          />
        }
        table={
          <DataTable
            caption={t('analytics.cashiers.title')}
            columns={[
              t('analytics.cashiers.cashier'),
              t('analytics.cashiers.earnings'),
              t('analytics.cashiers.earned'),
              t('analytics.cashiers.adjustments'),
              t('analytics.cashiers.reversals'),
            ]}
            rows={cashiers.map((c) => ({
              key: c.staffId,
              cells: [
                c.name ?? t('analytics.cashiers.none'),
                f.number(c.earnings),
                f.number(c.earned),
                `${f.number(c.adjustments)} (${f.number(c.adjusted)})`,
                `${f.number(c.reversals)} (${f.number(c.reversed)})`,
              ],
            }))}
          />
        }
      />
    </MerchantLayout>
  )
}
