import type { Knex } from 'knex'
import { NO_KEY } from '../refresh-summaries.ts'

// The reads of /merchant/analytics, one function per view, each from the summary tables
// (migration 20261207_0030), never from ledger_entries. Each takes the database handle it is
// given (a read replica may be passed). Days are 'YYYY-MM-DD' local days.

export type AnalyticsFilter = {
  merchantId: string
  /** The stores to count (a store manager's, or the one chosen); null: the whole merchant. */
  storeIds: string[] | null
  from: string
  to: string
  /** Today's date (active members are counted back from it). */
  today: string
}

/** A store of the merchant as the views name it; `id` NO_KEY is "no store". */
export type AnalyticsStore = { id: string; name: string }

const inKeys = (column: string, filter: AnalyticsFilter) => (query: Knex.QueryBuilder) => {
  if (filter.storeIds) void query.whereIn(column, filter.storeIds)
}

const num = (value: unknown) => Number(value ?? 0)

export type MembersView = {
  total: number
  active30: number
  active90: number
  newInPeriod: number
  weeks: { week: string; members: number }[]
}

/** New members per week (Monday) in the period, all members to the period's end, active ones. */
export const loadMembersView = async (db: Knex, filter: AnalyticsFilter): Promise<MembersView> => {
  const [weeks, total, active] = await Promise.all([
    db('analytics_daily')
      .where('merchant_id', filter.merchantId)
      .whereBetween('day', [filter.from, filter.to])
      .modify(inKeys('store_key', filter))
      .groupByRaw('1')
      .orderByRaw('1')
      .select(
        db.raw(`date_trunc('week', day)::date::text AS week`),
        db.raw('sum(new_members) AS members'),
      ),
    db('analytics_daily')
      .where('merchant_id', filter.merchantId)
      .where('day', '<=', filter.to)
      .modify(inKeys('store_key', filter))
      .first(db.raw('coalesce(sum(new_members), 0) AS total')),
    // Members by last active day: at most 90 days × stores rows, whatever the members.
    db('analytics_activity_days')
      .where('merchant_id', filter.merchantId)
      .where('last_day', '>', db.raw(`?::date - 90`, [filter.today]))
      .modify(inKeys('home_store_key', filter))
      .first(
        db.raw(`coalesce(sum(members) FILTER (WHERE last_day > ?::date - 30), 0) AS active30`, [
          filter.today,
        ]),
        db.raw('coalesce(sum(members), 0) AS active90'),
      ),
  ])
  const rows = weeks.map((w: { week: string; members: string }) => ({
    week: w.week,
    members: num(w.members),
  }))
  return {
    total: num(total?.total),
    active30: num(active?.active30),
    active90: num(active?.active90),
    newInPeriod: rows.reduce((sum: number, w: { members: number }) => sum + w.members, 0),
    weeks: rows,
  }
}

export type MovementDay = {
  day: string
  storeId: string
  earned: number
  redeemed: number
  expired: number
  adjusted: number
  reversed: number
  earnings: number
  redemptions: number
}

export type MovementsView = {
  days: MovementDay[]
  totals: Omit<MovementDay, 'day' | 'storeId'>
  /** Units redeemed per unit earned in the period (null when nothing was earned). */
  redemptionRate: number | null
}

/** Earnings and redemptions per day and store in the period, with the totals. */
export const loadMovementsView = async (
  db: Knex,
  filter: AnalyticsFilter,
): Promise<MovementsView> => {
  const rows: Record<string, string>[] = await db('analytics_daily')
    .where('merchant_id', filter.merchantId)
    .whereBetween('day', [filter.from, filter.to])
    .modify(inKeys('store_key', filter))
    .groupBy('day', 'store_key')
    .havingRaw('sum(earnings + redemptions + expiries + adjustments + reversals) > 0')
    .orderBy(['day', 'store_key'])
    .select(
      db.raw('day::text AS day'),
      'store_key',
      ...['earned', 'redeemed', 'expired', 'adjusted', 'reversed', 'earnings', 'redemptions'].map(
        (c) => db.raw(`sum(${c}) AS ${c}`),
      ),
    )
  const days: MovementDay[] = rows.map((r) => ({
    day: r.day!,
    storeId: r.store_key!,
    earned: num(r.earned),
    redeemed: num(r.redeemed),
    expired: num(r.expired),
    adjusted: num(r.adjusted),
    reversed: num(r.reversed),
    earnings: num(r.earnings),
    redemptions: num(r.redemptions),
  }))
  const totals = days.reduce(
    (sum, d) => ({
      earned: sum.earned + d.earned,
      redeemed: sum.redeemed + d.redeemed,
      expired: sum.expired + d.expired,
      adjusted: sum.adjusted + d.adjusted,
      reversed: sum.reversed + d.reversed,
      earnings: sum.earnings + d.earnings,
      redemptions: sum.redemptions + d.redemptions,
    }),
    { earned: 0, redeemed: 0, expired: 0, adjusted: 0, reversed: 0, earnings: 0, redemptions: 0 },
  )
  return {
    days,
    totals,
    redemptionRate: totals.earned > 0 ? totals.redeemed / totals.earned : null,
  }
}

export type VisitsMonth = {
  month: string
  visits: number
  activeMembers: number
  perMember: number | null
}

/**
 * Visits (earnings) per active member, per month of the period. With a store filter: visits in
 * those stores, members whose home store it is.
 */
export const loadVisitsView = async (db: Knex, filter: AnalyticsFilter): Promise<VisitsMonth[]> => {
  const [visits, members] = await Promise.all([
    db('analytics_daily')
      .where('merchant_id', filter.merchantId)
      .whereBetween('day', [filter.from, filter.to])
      .modify(inKeys('store_key', filter))
      .groupByRaw('1')
      .select(
        db.raw(`date_trunc('month', day)::date::text AS month`),
        db.raw('sum(earnings) AS visits'),
      ),
    db('analytics_monthly_members')
      .where('merchant_id', filter.merchantId)
      .whereBetween('month', [
        db.raw(`date_trunc('month', ?::date)::date`, [filter.from]),
        filter.to,
      ])
      .modify(inKeys('home_store_key', filter))
      .groupBy('month')
      .select(db.raw('month::text AS month'), db.raw('sum(active_members) AS active')),
  ])
  const byMonth = new Map<string, VisitsMonth>()
  const at = (month: string) => {
    const found = byMonth.get(month) ?? { month, visits: 0, activeMembers: 0, perMember: null }
    byMonth.set(month, found)
    return found
  }
  for (const v of visits as { month: string; visits: string }[]) at(v.month).visits = num(v.visits)
  for (const m of members as { month: string; active: string }[])
    at(m.month).activeMembers = num(m.active)
  return [...byMonth.values()]
    .sort((a, b) => a.month.localeCompare(b.month))
    .map((m) => ({ ...m, perMember: m.activeMembers > 0 ? m.visits / m.activeMembers : null }))
}

export type Cohort = {
  month: string
  members: number
  /** Share of the cohort active in its enrolment month (0) and each following one. */
  active: (number | null)[]
}

export const COHORT_MONTHS = 12

/** Members by enrolment month (in the period), and the share active in each following month. */
export const loadCohortsView = async (db: Knex, filter: AnalyticsFilter): Promise<Cohort[]> => {
  const firstMonth = db.raw(`date_trunc('month', ?::date)::date`, [filter.from])
  const [sizes, active] = await Promise.all([
    db('analytics_daily')
      .where('merchant_id', filter.merchantId)
      .where('day', '>=', firstMonth)
      .where('day', '<=', filter.to)
      .modify(inKeys('store_key', filter))
      .groupByRaw('1')
      .havingRaw('sum(new_members) > 0')
      .select(
        db.raw(`date_trunc('month', day)::date::text AS month`),
        db.raw('sum(new_members) AS members'),
      ),
    db('analytics_monthly_members')
      .where('merchant_id', filter.merchantId)
      .where('enrolled_month', '>=', firstMonth)
      .where('enrolled_month', '<=', filter.to)
      .modify(inKeys('home_store_key', filter))
      .groupBy('enrolled_month', 'month')
      .select(
        db.raw('enrolled_month::text AS enrolled'),
        db.raw(
          `(extract(year FROM age(month, enrolled_month)) * 12 + extract(month FROM age(month, enrolled_month)))::int AS offset`,
        ),
        db.raw('sum(active_members) AS active'),
      ),
  ])
  const lastOffset = (month: string) => {
    const [y1, m1] = month.split('-').map(Number)
    const [y2, m2] = filter.today.split('-').map(Number)
    return Math.min(COHORT_MONTHS - 1, (y2! - y1!) * 12 + (m2! - m1!))
  }
  return (sizes as { month: string; members: string }[])
    .sort((a, b) => a.month.localeCompare(b.month))
    .map((s) => {
      const members = num(s.members)
      const last = lastOffset(s.month)
      const shares: (number | null)[] = Array.from({ length: COHORT_MONTHS }, (_, i) =>
        i <= last ? 0 : null,
      )
      for (const a of active as { enrolled: string; offset: number; active: string }[])
        if (a.enrolled === s.month && a.offset >= 0 && a.offset <= last)
          shares[a.offset] = members > 0 ? num(a.active) / members : 0
      return { month: s.month, members, active: shares }
    })
}

export type StoresView = {
  /** Members by home store, to the period's end. */
  homes: { storeId: string; members: number }[]
  /**
   * Members of a home store (row) active at a store (column) in the period's months: each member
   * counts once per month and store.
   */
  matrix: { homeStoreId: string; storeId: string; members: number }[]
}

export const loadStoresView = async (db: Knex, filter: AnalyticsFilter): Promise<StoresView> => {
  const [homes, matrix] = await Promise.all([
    db('analytics_daily')
      .where('merchant_id', filter.merchantId)
      .where('day', '<=', filter.to)
      .modify(inKeys('store_key', filter))
      .groupBy('store_key')
      .havingRaw('sum(new_members) > 0')
      .orderByRaw('sum(new_members) DESC')
      .select('store_key', db.raw('sum(new_members) AS members')),
    db('analytics_store_matrix')
      .where('merchant_id', filter.merchantId)
      .whereBetween('month', [
        db.raw(`date_trunc('month', ?::date)::date`, [filter.from]),
        filter.to,
      ])
      .modify(inKeys('home_store_key', filter))
      .groupBy('home_store_key', 'store_key')
      .select('home_store_key', 'store_key', db.raw('sum(members) AS members')),
  ])
  return {
    homes: (homes as { store_key: string; members: string }[]).map((h) => ({
      storeId: h.store_key,
      members: num(h.members),
    })),
    matrix: (matrix as { home_store_key: string; store_key: string; members: string }[]).map(
      (m) => ({ homeStoreId: m.home_store_key, storeId: m.store_key, members: num(m.members) }),
    ),
  }
}

export type OutstandingRow = {
  storeId: string
  earned: number
  /** Adjustments and reversals, net. */
  corrections: number
  redeemed: number
  expired: number
  outstanding: number
  /** In cents at the value per point (null without a reward value). */
  valueCents: number | null
}

export type OutstandingView = {
  rows: OutstandingRow[]
  total: OutstandingRow
  /** Cents per unit: the lowest value per point (or stamp) among the active rewards with a value. */
  centsPerUnit: number | null
  currency: string
}

/** Points (or stamps) issued and not yet redeemed or expired, per store, at the period's end. */
export const loadOutstandingView = async (
  db: Knex,
  filter: AnalyticsFilter,
): Promise<OutstandingView> => {
  const [rows, rate, merchant] = await Promise.all([
    db('analytics_daily')
      .where('merchant_id', filter.merchantId)
      .where('day', '<=', filter.to)
      .modify(inKeys('store_key', filter))
      .groupBy('store_key')
      .select(
        'store_key',
        db.raw('sum(earned) AS earned'),
        db.raw('sum(adjusted + reversed) AS corrections'),
        db.raw('sum(redeemed) AS redeemed'),
        db.raw('sum(expired) AS expired'),
      ),
    db('rewards')
      .where({ merchant_id: filter.merchantId, active: true })
      .whereNotNull('value_cents')
      .first(db.raw('min(value_cents::float8 / cost) AS rate')),
    db('merchants').where('id', filter.merchantId).first('currency'),
  ])
  const centsPerUnit: number | null = rate?.rate ?? null
  const value = (units: number) => (centsPerUnit === null ? null : Math.round(units * centsPerUnit))
  const shaped: OutstandingRow[] = (rows as Record<string, string>[]).map((r) => {
    const earned = num(r.earned)
    const corrections = num(r.corrections)
    const redeemed = num(r.redeemed)
    const expired = num(r.expired)
    const outstanding = earned + corrections - redeemed - expired
    return {
      storeId: r.store_key!,
      earned,
      corrections,
      redeemed,
      expired,
      outstanding,
      valueCents: value(outstanding),
    }
  })
  shaped.sort((a, b) => b.outstanding - a.outstanding)
  const sum = (key: 'earned' | 'corrections' | 'redeemed' | 'expired' | 'outstanding') =>
    shaped.reduce((total, r) => total + r[key], 0)
  const outstanding = sum('outstanding')
  return {
    rows: shaped,
    total: {
      storeId: '',
      earned: sum('earned'),
      corrections: sum('corrections'),
      redeemed: sum('redeemed'),
      expired: sum('expired'),
      outstanding,
      valueCents: value(outstanding),
    },
    centsPerUnit,
    currency: merchant?.currency ?? 'EUR',
  }
}

export type CashierRow = {
  staffId: string
  name: string | null
  earnings: number
  earned: number
  adjustments: number
  adjusted: number
  reversals: number
  reversed: number
}

/** Earnings, adjustments and reversals per cashier in the period (NO_KEY: no cashier). */
export const loadCashiersView = async (
  db: Knex,
  filter: AnalyticsFilter,
): Promise<CashierRow[]> => {
  const rows: Record<string, string | null>[] = await db('analytics_cashier_daily as a')
    .leftJoin('staff as s', function () {
      this.on('s.id', '=', 'a.staff_key').andOn('s.merchant_id', '=', 'a.merchant_id')
    })
    .where('a.merchant_id', filter.merchantId)
    .whereBetween('a.day', [filter.from, filter.to])
    .modify(inKeys('a.store_key', filter))
    .groupBy('a.staff_key', 's.name')
    .orderByRaw('sum(a.earnings) DESC')
    .select(
      'a.staff_key',
      's.name',
      ...['earnings', 'earned', 'adjustments', 'adjusted', 'reversals', 'reversed'].map((c) =>
        db.raw(`sum(a.${c}) AS ${c}`),
      ),
    )
  return rows.map((r) => ({
    staffId: r.staff_key!,
    name: r.staff_key === NO_KEY ? null : (r.name ?? null),
    earnings: num(r.earnings),
    earned: num(r.earned),
    adjustments: num(r.adjustments),
    adjusted: num(r.adjusted),
    reversals: num(r.reversals),
    reversed: num(r.reversed),
  }))
}

/** The merchant's stores in reach (closed ones too: their history counts), by name. */
export const listAnalyticsStores = async (
  db: Knex,
  merchantId: string,
  storeIds: string[] | null,
): Promise<AnalyticsStore[]> =>
  db('stores')
    .where('merchant_id', merchantId)
    .modify((q) => {
      if (storeIds) void q.whereIn('id', storeIds)
    })
    .orderBy('name')
    .select('id', 'name')
