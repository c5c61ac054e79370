import type { Knex } from 'knex'

/** The cursor row of the analytics job in email_sweep_cursors. */
export const ANALYTICS_CURSOR = 'analytics'

/**
 * How far behind now() the job reads (as the alert sweep: an entry's recorded_at is its
 * transaction's start, visible only at commit).
 */
export const ANALYTICS_LAG_SECONDS = 60

/** The key of "no store" / "no cashier" in the summaries (their keys hold no NULL). */
export const NO_KEY = '00000000-0000-0000-0000-000000000000'

export type AnalyticsRun = { from: Date; until: Date; entries: number; newMembers: number }

/** The local day of an entry: its store's, else its card's home store's, else UTC (aliases s, hs). */
export const ZONE = `coalesce(s.timezone, hs.timezone, 'UTC')`

// The entries of one merchant recorded in the window, folded into every summary in one
// statement. The distinct-member tables insert with ON CONFLICT DO NOTHING RETURNING: only a
// card's first row of a month (or month and store) comes back, and increments the roll-ups.
const FOLD_ENTRIES = `
  WITH e AS MATERIALIZED (
    SELECT e.card_id, e.type, e.points_delta + e.stamps_delta AS units,
           coalesce(e.amount_cents, 0) AS amount_cents, coalesce(e.staff_id, :none::uuid) AS staff_key,
           coalesce(e.store_id, c.enrolled_store_id, :none::uuid) AS store_key,
           coalesce(c.enrolled_store_id, :none::uuid) AS home_store_key, c.programme_id,
           (e.occurred_at AT TIME ZONE ${ZONE})::date AS day,
           date_trunc('month', c.created_at AT TIME ZONE coalesce(hs.timezone, 'UTC'))::date AS enrolled_month
      FROM ledger_entries e
      JOIN cards c ON c.id = e.card_id
      LEFT JOIN stores s ON s.id = e.store_id
      LEFT JOIN stores hs ON hs.id = c.enrolled_store_id
     WHERE e.merchant_id = :merchantId AND e.recorded_at > :from AND e.recorded_at <= :until
       AND e.status <> 'review'
  ), daily AS (
    INSERT INTO analytics_daily AS a (merchant_id, day, store_key, programme_id, earned, redeemed,
      expired, adjusted, adjusted_up, reversed, earnings, redemptions, adjustments, reversals, expiries,
      amount_cents)
    SELECT :merchantId, day, store_key, programme_id,
           coalesce(sum(units) FILTER (WHERE type IN ('earn', 'stamp', 'welcome_bonus')), 0),
           coalesce(-sum(units) FILTER (WHERE type = 'redeem'), 0),
           coalesce(-sum(units) FILTER (WHERE type = 'expire'), 0),
           coalesce(sum(units) FILTER (WHERE type = 'adjust'), 0),
           coalesce(sum(greatest(units, 0)) FILTER (WHERE type = 'adjust'), 0),
           coalesce(sum(units) FILTER (WHERE type = 'reverse'), 0),
           count(*) FILTER (WHERE type IN ('earn', 'stamp')),
           count(*) FILTER (WHERE type = 'redeem'),
           count(*) FILTER (WHERE type = 'adjust'),
           count(*) FILTER (WHERE type = 'reverse'),
           count(*) FILTER (WHERE type = 'expire'),
           coalesce(sum(amount_cents) FILTER (WHERE type IN ('earn', 'stamp')), 0)
      FROM e GROUP BY day, store_key, programme_id
    ON CONFLICT (merchant_id, day, store_key, programme_id) DO UPDATE SET
      earned = a.earned + excluded.earned, redeemed = a.redeemed + excluded.redeemed,
      expired = a.expired + excluded.expired, adjusted = a.adjusted + excluded.adjusted,
      adjusted_up = a.adjusted_up + excluded.adjusted_up, reversed = a.reversed + excluded.reversed, earnings = a.earnings + excluded.earnings,
      redemptions = a.redemptions + excluded.redemptions,
      adjustments = a.adjustments + excluded.adjustments, reversals = a.reversals + excluded.reversals,
      expiries = a.expiries + excluded.expiries, amount_cents = a.amount_cents + excluded.amount_cents
  ), cashiers AS (
    INSERT INTO analytics_cashier_daily AS a (merchant_id, day, store_key, staff_key, earned,
      earnings, adjusted, adjustments, reversed, reversals)
    SELECT :merchantId, day, store_key, staff_key,
           coalesce(sum(units) FILTER (WHERE type IN ('earn', 'stamp', 'welcome_bonus')), 0),
           count(*) FILTER (WHERE type IN ('earn', 'stamp')),
           coalesce(sum(units) FILTER (WHERE type = 'adjust'), 0),
           count(*) FILTER (WHERE type = 'adjust'),
           coalesce(sum(units) FILTER (WHERE type = 'reverse'), 0),
           count(*) FILTER (WHERE type = 'reverse')
      FROM e WHERE type IN ('earn', 'stamp', 'welcome_bonus', 'adjust', 'reverse')
     GROUP BY day, store_key, staff_key
    ON CONFLICT (merchant_id, day, store_key, staff_key) DO UPDATE SET
      earned = a.earned + excluded.earned, earnings = a.earnings + excluded.earnings,
      adjusted = a.adjusted + excluded.adjusted, adjustments = a.adjustments + excluded.adjustments,
      reversed = a.reversed + excluded.reversed, reversals = a.reversals + excluded.reversals
  ), card_months AS (
    INSERT INTO analytics_card_months (merchant_id, card_id, month)
    SELECT DISTINCT :merchantId::uuid, card_id, date_trunc('month', day)::date FROM e
    ON CONFLICT DO NOTHING
    RETURNING card_id, month
  ), first_in_month AS (
    SELECT m.month, x.home_store_key, x.enrolled_month
      FROM card_months m
      JOIN (SELECT DISTINCT card_id, home_store_key, enrolled_month FROM e) x ON x.card_id = m.card_id
  ), members AS (
    INSERT INTO analytics_monthly_members AS a (merchant_id, month, home_store_key, enrolled_month, active_members)
    SELECT :merchantId, month, home_store_key, enrolled_month, count(*) FROM first_in_month
     GROUP BY month, home_store_key, enrolled_month
    ON CONFLICT (merchant_id, month, home_store_key, enrolled_month) DO UPDATE SET
      active_members = a.active_members + excluded.active_members
  ), card_store_months AS (
    INSERT INTO analytics_card_store_months (merchant_id, card_id, month, store_key)
    SELECT DISTINCT :merchantId::uuid, card_id, date_trunc('month', day)::date, store_key FROM e
    ON CONFLICT DO NOTHING
    RETURNING card_id, month, store_key
  ), matrix AS (
    INSERT INTO analytics_store_matrix AS a (merchant_id, month, home_store_key, store_key, members)
    SELECT :merchantId, m.month, x.home_store_key, m.store_key, count(*)
      FROM card_store_months m
      JOIN (SELECT DISTINCT card_id, home_store_key FROM e) x ON x.card_id = m.card_id
     GROUP BY m.month, x.home_store_key, m.store_key
    ON CONFLICT (merchant_id, month, home_store_key, store_key) DO UPDATE SET
      members = a.members + excluded.members
  ), previous AS (
    SELECT a.card_id, a.home_store_key, a.last_day FROM analytics_card_activity a
     WHERE a.merchant_id = :merchantId AND a.card_id IN (SELECT card_id FROM e)
  ), activity AS (
    INSERT INTO analytics_card_activity AS a (merchant_id, card_id, home_store_key, last_day)
    SELECT :merchantId, card_id, min(home_store_key::text)::uuid, max(day) FROM e GROUP BY card_id
    ON CONFLICT (merchant_id, card_id) DO UPDATE SET
      last_day = greatest(a.last_day, excluded.last_day), home_store_key = excluded.home_store_key
    RETURNING card_id, home_store_key, last_day
  ), moved AS (
    -- A card whose last day (or home) changed leaves its old count and joins the new one. The
    -- statement's CTEs share one snapshot: previous holds the rows as they were before it.
    SELECT n.last_day, n.home_store_key, 1 AS members
      FROM activity n LEFT JOIN previous p ON p.card_id = n.card_id
     WHERE p.card_id IS NULL OR (p.last_day, p.home_store_key) <> (n.last_day, n.home_store_key)
    UNION ALL
    SELECT p.last_day, p.home_store_key, -1
      FROM activity n JOIN previous p ON p.card_id = n.card_id
     WHERE (p.last_day, p.home_store_key) <> (n.last_day, n.home_store_key)
  ), activity_days AS (
    INSERT INTO analytics_activity_days AS a (merchant_id, last_day, home_store_key, members)
    SELECT :merchantId, last_day, home_store_key, sum(members) FROM moved
     GROUP BY last_day, home_store_key HAVING sum(members) <> 0
    ON CONFLICT (merchant_id, last_day, home_store_key) DO UPDATE SET
      members = a.members + excluded.members
  )
  SELECT count(*)::int AS entries FROM e`

// Members enrolled in the window: per day (their home store's), home store and programme.
const FOLD_NEW_MEMBERS = `
  WITH n AS (
    SELECT (c.created_at AT TIME ZONE coalesce(hs.timezone, 'UTC'))::date AS day,
           coalesce(c.enrolled_store_id, :none::uuid) AS store_key, c.programme_id, count(*) AS added
      FROM cards c LEFT JOIN stores hs ON hs.id = c.enrolled_store_id
     WHERE c.merchant_id = :merchantId AND c.created_at > :from AND c.created_at <= :until
     GROUP BY 1, 2, 3
  ), inserted AS (
    INSERT INTO analytics_daily AS a (merchant_id, day, store_key, programme_id, new_members)
    SELECT :merchantId, day, store_key, programme_id, added FROM n
    ON CONFLICT (merchant_id, day, store_key, programme_id) DO UPDATE SET
      new_members = a.new_members + excluded.new_members
  )
  SELECT coalesce(sum(added), 0)::int AS added FROM n`

/**
 * The analytics cursor's row, created at the epoch when missing and locked for the caller's
 * transaction (the job and the rebuild never overlap), and the window's end: `now` (or the
 * database's clock) less the lag.
 */
export const lockAnalyticsCursor = async (
  trx: Knex.Transaction,
  options: { now?: Date; lagSeconds?: number },
): Promise<{ from: Date; until: Date }> => {
  const lag = options.lagSeconds ?? ANALYTICS_LAG_SECONDS
  const {
    rows: [clock],
  } = await trx.raw<{ rows: { now: Date }[] }>(`SELECT clock_timestamp() AS now`)
  const until = new Date((options.now ?? clock!.now).getTime() - lag * 1000)
  await trx.raw(
    `INSERT INTO email_sweep_cursors (name, position) VALUES (?, 'epoch') ON CONFLICT (name) DO NOTHING`,
    [ANALYTICS_CURSOR],
  )
  const cursor = await trx('email_sweep_cursors')
    .where('name', ANALYTICS_CURSOR)
    .forUpdate()
    .first('position')
  return { from: cursor.position as Date, until }
}

/**
 * The analytics job (graphile-worker `analytics:refresh`, every minute): folds the ledger
 * entries recorded and the cards enrolled in (cursor, now − lag] into the summary tables,
 * merchant by merchant, one statement each. One transaction holding the cursor's row lock: two
 * runs never overlap, a failed run moves nothing. The first run starts from the beginning of
 * time (1970: the whole history — the initial build). `now` fixes the window's end (tests, bench).
 */
export const refreshAnalytics = async (
  db: Knex,
  options: { now?: Date; lagSeconds?: number } = {},
): Promise<AnalyticsRun> =>
  db.transaction(async (trx) => {
    const { from, until } = await lockAnalyticsCursor(trx, options)
    const run: AnalyticsRun = {
      from,
      until: until > from ? until : from,
      entries: 0,
      newMembers: 0,
    }
    if (run.until <= from) return run
    const merchantIds: string[] = await trx('merchants').orderBy('id').pluck('id')
    for (const merchantId of merchantIds) {
      const values = { merchantId, from, until: run.until, none: NO_KEY }
      const { rows } = await trx.raw<{ rows: { entries: number }[] }>(FOLD_ENTRIES, values)
      run.entries += rows[0]?.entries ?? 0
      const enrolled = await trx.raw<{ rows: { added: number }[] }>(FOLD_NEW_MEMBERS, values)
      run.newMembers += enrolled.rows[0]?.added ?? 0
    }
    await trx('email_sweep_cursors')
      .where('name', ANALYTICS_CURSOR)
      .update({ position: run.until, updated_at: trx.fn.now() })
    return run
  })
