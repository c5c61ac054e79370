import { readDatabase } from '../../db/read-replica.ts'
import type { Knex } from 'knex'
import { DEFAULT_TIME_ZONE } from '../../i18n/error-message.ts'
import type { MerchantScope } from '../../policies/scope.ts'
import { parseAnalyticsFilter, type ParsedAnalyticsFilter } from '../analytics-filter.ts'
import {
  listAnalyticsStores,
  loadCashiersView,
  loadCohortsView,
  loadMembersView,
  loadMovementsView,
  loadOutstandingView,
  loadStoresView,
  loadVisitsView,
  type AnalyticsFilter,
  type AnalyticsStore,
} from './analytics.ts'

/** Today in the merchant's time zone, as YYYY-MM-DD. */
export const localToday = (now = new Date(), timeZone = DEFAULT_TIME_ZONE) =>
  new Intl.DateTimeFormat('en-CA', { timeZone }).format(now)

/** Every view of the page, by the name its CSV goes by (/merchant/analytics/<view>.csv). */
export const ANALYTICS_VIEWS = {
  members: loadMembersView,
  movements: loadMovementsView,
  visits: loadVisitsView,
  cohorts: loadCohortsView,
  stores: loadStoresView,
  outstanding: loadOutstandingView,
  cashiers: loadCashiersView,
}

export type AnalyticsView = keyof typeof ANALYTICS_VIEWS
export type AnalyticsData = {
  [V in AnalyticsView]: Awaited<ReturnType<(typeof ANALYTICS_VIEWS)[V]>>
}

export const isAnalyticsView = (name: string): name is AnalyticsView =>
  Object.hasOwn(ANALYTICS_VIEWS, name)

/** The stores in the user's reach and the filter of the query string. */
export const resolveAnalyticsFilter = async (
  db: Knex,
  scope: MerchantScope,
  query: Record<string, unknown>,
): Promise<ParsedAnalyticsFilter & { stores: AnalyticsStore[] }> => {
  const stores = await listAnalyticsStores(db, scope.merchantId, scope.storeIds)
  return { ...parseAnalyticsFilter(query, scope, stores, localToday()), stores }
}

/** One view's figures (for its CSV). */
export const loadAnalyticsView = <V extends AnalyticsView>(
  db: Knex,
  view: V,
  filter: AnalyticsFilter,
): Promise<AnalyticsData[V]> =>
  // The summaries may lag the primary by a moment: the read replica's when there is one.
  ANALYTICS_VIEWS[view](readDatabase(db) as Knex, filter) as Promise<AnalyticsData[V]>

/** Everything /merchant/analytics shows: the stores, the filter, every view. */
export const loadAnalyticsPage = async (
  db: Knex,
  scope: MerchantScope,
  query: Record<string, unknown>,
) => {
  const parsed = await resolveAnalyticsFilter(db, scope, query)
  const views = Object.keys(ANALYTICS_VIEWS) as AnalyticsView[]
  const loaded = await Promise.all(views.map((view) => loadAnalyticsView(db, view, parsed.filter)))
  const data = Object.fromEntries(views.map((view, i) => [view, loaded[i]])) as AnalyticsData
  return { ...parsed, data }
}
