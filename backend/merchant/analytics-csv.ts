import type { Readable } from 'node:stream'
import { csvStream, type CsvColumn } from '../http/csv.ts'
import type { AnalyticsData, AnalyticsView } from '../analytics/queries/analytics-page.ts'
import { NO_KEY } from '../analytics/refresh-summaries.ts'

type Table = { header: string[]; rows: unknown[][] }

/** Each view's table as plain columns (stable English names, raw numbers, ISO days). */
export const analyticsTable = <V extends AnalyticsView>(
  view: V,
  data: AnalyticsData[V],
  storeName: (id: string) => string,
): Table => {
  const store = (id: string) => (id === NO_KEY ? '' : storeName(id))
  switch (view) {
    case 'members': {
      const d = data as AnalyticsData['members']
      return { header: ['week', 'new_members'], rows: d.weeks.map((w) => [w.week, w.members]) }
    }
    case 'movements': {
      const d = data as AnalyticsData['movements']
      return {
        header: [
          'day',
          'store',
          'earned',
          'redeemed',
          'expired',
          'adjusted',
          'reversed',
          'earnings',
          'redemptions',
        ],
        rows: d.days.map((r) => [
          r.day,
          store(r.storeId),
          r.earned,
          r.redeemed,
          r.expired,
          r.adjusted,
          r.reversed,
          r.earnings,
          r.redemptions,
        ]),
      }
    }
    case 'visits': {
      const d = data as AnalyticsData['visits']
      return {
        header: ['month', 'visits', 'active_members', 'visits_per_member'],
        rows: d.map((m) => [
          m.month,
          m.visits,
          m.activeMembers,
          m.perMember === null ? '' : m.perMember.toFixed(2),
        ]),
      }
    }
    case 'cohorts': {
      const d = data as AnalyticsData['cohorts']
      const months = d[0]?.active.length ?? 0
      return {
        header: [
          'enrolment_month',
          'members',
          ...Array.from({ length: months }, (_, i) => `month_${i}`),
        ],
        rows: d.map((c) => [
          c.month,
          c.members,
          ...c.active.map((share) => (share === null ? '' : share.toFixed(4))),
        ]),
      }
    }
    case 'stores': {
      const d = data as AnalyticsData['stores']
      return {
        header: ['home_store', 'store', 'members'],
        rows: [
          ...d.homes.map((h) => [store(h.storeId), '', h.members]),
          ...d.matrix.map((m) => [store(m.homeStoreId), store(m.storeId), m.members]),
        ],
      }
    }
    case 'outstanding': {
      const d = data as AnalyticsData['outstanding']
      return {
        header: [
          'store',
          'earned',
          'corrections',
          'redeemed',
          'expired',
          'outstanding',
          `value_${d.currency.toLowerCase()}`,
        ],
        rows: d.rows.map((r) => [
          store(r.storeId),
          r.earned,
          r.corrections,
          r.redeemed,
          r.expired,
          r.outstanding,
          r.valueCents === null ? '' : (r.valueCents / 100).toFixed(2),
        ]),
      }
    }
    default: {
      const d = data as AnalyticsData['cashiers']
      return {
        header: [
          'cashier',
          'earnings',
          'earned',
          'adjustments',
          'adjusted',
          'reversals',
          'reversed',
        ],
        rows: d.map((c) => [
          c.name ?? '',
          c.earnings,
          c.earned,
          c.adjustments,
          c.adjusted,
          c.reversals,
          c.reversed,
        ]),
      }
    }
  }
}

/** An analytics table as a CSV download: the exports' writer (BOM, neutralized cells). */
export const analyticsCsv = (table: Table): Readable =>
  csvStream(
    table.rows,
    table.header.map((header, index): CsvColumn<unknown[]> => ({
      header,
      value: (row) => row[index] as string | number | null,
    })),
  )
