import { CalendarDateSchema } from '../../shared/schemas/common.ts'
import type { MerchantScope } from '../policies/scope.ts'
import type { AnalyticsFilter, AnalyticsStore } from './queries/analytics.ts'

/** The period shown when none is asked for: the last 90 days, today included. */
export const DEFAULT_PERIOD_DAYS = 90
/** The longest period a view covers (the summaries keep everything; the charts stay legible). */
export const MAX_PERIOD_DAYS = 731

export type AnalyticsFieldError = 'invalid_day' | 'before_from' | 'too_long' | 'unknown_store'

export type ParsedAnalyticsFilter = {
  /** What the user typed, kept for the form. */
  values: { from: string; to: string; store: string }
  errors: Partial<Record<'from' | 'to' | 'store', AnalyticsFieldError>>
  /** The filter the views run with: the defaults in place of a field in error. */
  filter: AnalyticsFilter
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '')
const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)

/**
 * The period and store of the analytics page from its query string: days as YYYY-MM-DD, `to`
 * not before `from`, at most MAX_PERIOD_DAYS; the store one of `stores` (those in the user's
 * reach). A store manager without a choice sees their stores; others the whole merchant.
 */
export const parseAnalyticsFilter = (
  query: Record<string, unknown>,
  scope: MerchantScope,
  stores: AnalyticsStore[],
  today: string,
): ParsedAnalyticsFilter => {
  const values = { from: text(query.from), to: text(query.to), store: text(query.store) }
  const errors: ParsedAnalyticsFilter['errors'] = {}
  const day = (name: 'from' | 'to') => {
    const value = values[name]
    if (value === '') return null
    if (!CalendarDateSchema.safeParse(value).success) {
      errors[name] = 'invalid_day'
      return null
    }
    return value
  }
  let to = day('to') ?? today
  let from = day('from') ?? addDays(to, 1 - DEFAULT_PERIOD_DAYS)
  if (!errors.to && !errors.from && values.from && values.to) {
    if (to < from) errors.to = 'before_from'
    else if (daysBetween(from, to) >= MAX_PERIOD_DAYS) errors.to = 'too_long'
  }
  if (errors.to || errors.from) {
    to = errors.to ? today : to
    from = addDays(to, 1 - DEFAULT_PERIOD_DAYS)
  }
  let storeIds = scope.storeIds
  if (values.store !== '') {
    if (stores.some((s) => s.id === values.store)) storeIds = [values.store]
    else errors.store = 'unknown_store'
  }
  return {
    values,
    errors,
    filter: { merchantId: scope.merchantId, storeIds, from, to, today },
  }
}
