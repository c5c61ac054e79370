import { queueWebhookEvents } from '../webhooks/queue-webhooks.ts'
import type { Knex } from 'knex'
import { isLanguage, type Language } from '../../shared/languages.ts'
import { queueEmailOnce } from '../email/queue-email.ts'
import { translator } from '../i18n/i18n.ts'
import { alertSettingsOf, type AlertSettings } from './alert-settings.ts'
import { ALERT_KINDS, QUICK_REDEMPTION_MINUTES, type AlertKind } from './alert-kinds.ts'

/** The cursor row of this sweep in email_sweep_cursors. */
export const ALERTS_CURSOR = 'alerts'

/**
 * How far behind now() the sweep reads the ledger and the kiosk operations (as the reward-ready
 * sweep: a row's recorded_at is its transaction's start, visible only at commit).
 */
export const ALERTS_LAG_SECONDS = 60

export type AlertSweepRun = {
  from: Date
  until: Date
  /** New alerts raised by this run, per kind (a situation raised before counts nothing). */
  raised: Record<AlertKind, number>
  emails: number
}

type Raised = { kind: AlertKind; id: string }

/** Is a store open at `local` (the store's time zone)? from = to: open all day; from > to: overnight. */
const OPEN_SQL = `CASE WHEN :openFrom::time < :openTo::time
                       THEN (:now::timestamptz AT TIME ZONE s.timezone)::time >= :openFrom::time
                        AND (:now::timestamptz AT TIME ZONE s.timezone)::time < :openTo::time
                       WHEN :openFrom::time > :openTo::time
                       THEN (:now::timestamptz AT TIME ZONE s.timezone)::time >= :openFrom::time
                         OR (:now::timestamptz AT TIME ZONE s.timezone)::time < :openTo::time
                       ELSE true END`

/** The local day of `at` for a card: in its home store's time zone (UTC without one). */
const HOME_ZONE = `coalesce(hs.timezone, 'UTC')`

const INSERT = `INSERT INTO alerts (merchant_id, kind, key, store_id, kiosk_id, card_id, details, raised_at)`
const ON_CONFLICT = `ON CONFLICT (merchant_id, key) DO NOTHING RETURNING kind, id`

/** Each kind's statement: raises the alerts of one merchant's window, each situation once. */
const STATEMENTS: Record<AlertKind, string> = {
  // Active kiosks not heard from (since pairing, if never) for longer than the threshold, while
  // their store is open: one alert per silence (the last contact it started from).
  kiosk_silent: `${INSERT}
    SELECT k.merchant_id, 'kiosk_silent',
           'kiosk_silent:' || k.id || ':' || extract(epoch FROM coalesce(k.last_seen_at, k.paired_at)),
           k.store_id, k.id, NULL::uuid,
           jsonb_build_object('last_seen_at', coalesce(k.last_seen_at, k.paired_at),
                              'threshold', :silentMinutes::int), :now::timestamptz
      FROM kiosks k JOIN stores s ON s.id = k.store_id
     WHERE k.merchant_id = :merchantId AND k.status = 'active'
       AND coalesce(k.last_seen_at, k.paired_at) < :now::timestamptz - make_interval(mins => :silentMinutes)
       AND ${OPEN_SQL}
    ${ON_CONFLICT}`,
  // Kiosks whose oldest operation waiting to sync is older than the threshold: one per backlog.
  kiosk_pending: `${INSERT}
    SELECT k.merchant_id, 'kiosk_pending',
           'kiosk_pending:' || k.id || ':' || extract(epoch FROM k.oldest_pending_at),
           k.store_id, k.id, NULL::uuid,
           jsonb_build_object('oldest_pending_at', k.oldest_pending_at,
                              'threshold', :pendingMinutes::int), :now::timestamptz
      FROM kiosks k
     WHERE k.merchant_id = :merchantId AND k.status = 'active'
       AND k.oldest_pending_at < :now::timestamptz - make_interval(mins => :pendingMinutes)
    ${ON_CONFLICT}`,
  // Cards that earned in the window and have more earnings than the threshold on that (local) day.
  card_earnings: `${INSERT}
    SELECT :merchantId::uuid, 'card_earnings', 'card_earnings:' || d.card_id || ':' || d.day,
           d.store_id, NULL::uuid, d.card_id,
           jsonb_build_object('day', d.day, 'count', d.count, 'threshold', :earningsPerDay::int), :now::timestamptz
      FROM (SELECT t.card_id, t.day, t.store_id,
                   (SELECT count(*)::int FROM ledger_entries x
                     WHERE x.card_id = t.card_id AND x.type IN ('earn', 'stamp')
                       AND x.occurred_at >= t.day::timestamp AT TIME ZONE t.zone
                       AND x.occurred_at < (t.day + 1)::timestamp AT TIME ZONE t.zone) AS count
              FROM (SELECT DISTINCT e.card_id, c.enrolled_store_id AS store_id, ${HOME_ZONE} AS zone,
                           (e.occurred_at AT TIME ZONE ${HOME_ZONE})::date AS day
                      FROM ledger_entries e
                      JOIN cards c ON c.id = e.card_id
                      LEFT JOIN stores hs ON hs.id = c.enrolled_store_id
                     WHERE e.merchant_id = :merchantId
                       AND e.recorded_at > :from AND e.recorded_at <= :until
                       AND e.type IN ('earn', 'stamp')) t) d
     WHERE d.count > :earningsPerDay
    ${ON_CONFLICT}`,
  // Adjustments of more points or stamps than the threshold (either way): one per entry.
  large_adjustment: `${INSERT}
    SELECT e.merchant_id, 'large_adjustment', 'large_adjustment:' || e.id,
           c.enrolled_store_id, NULL::uuid, e.card_id,
           jsonb_build_object('entry_id', e.id, 'points', e.points_delta, 'stamps', e.stamps_delta,
                              'reason', e.reason, 'threshold', :adjustmentAbove::int), :now::timestamptz
      FROM ledger_entries e JOIN cards c ON c.id = e.card_id
     WHERE e.merchant_id = :merchantId
       AND e.recorded_at > :from AND e.recorded_at <= :until
       AND e.type = 'adjust'
       AND greatest(abs(e.points_delta), abs(e.stamps_delta)) > :adjustmentAbove
    ${ON_CONFLICT}`,
  // An earning in the window with an earning on the same card in another store within the
  // threshold's minutes (before or after): one alert per card and (local) day.
  two_stores: `${INSERT}
    SELECT DISTINCT ON (e.card_id, (e.occurred_at AT TIME ZONE ${HOME_ZONE})::date)
           :merchantId::uuid, 'two_stores',
           'two_stores:' || e.card_id || ':' || (e.occurred_at AT TIME ZONE ${HOME_ZONE})::date,
           c.enrolled_store_id, NULL::uuid, e.card_id,
           jsonb_build_object('store_ids', jsonb_build_array(o.store_id, e.store_id),
                              'minutes', round(abs(extract(epoch FROM e.occurred_at - o.occurred_at)) / 60)::int,
                              'threshold', :twoStoresMinutes::int), :now::timestamptz
      FROM ledger_entries e
      JOIN cards c ON c.id = e.card_id
      LEFT JOIN stores hs ON hs.id = c.enrolled_store_id
      JOIN ledger_entries o ON o.card_id = e.card_id AND o.type IN ('earn', 'stamp')
                           AND o.store_id IS NOT NULL AND o.store_id <> e.store_id
                           AND o.occurred_at BETWEEN e.occurred_at - make_interval(mins => :twoStoresMinutes)
                                                 AND e.occurred_at + make_interval(mins => :twoStoresMinutes)
     WHERE e.merchant_id = :merchantId
       AND e.recorded_at > :from AND e.recorded_at <= :until
       AND e.type IN ('earn', 'stamp') AND e.store_id IS NOT NULL
     ORDER BY e.card_id, (e.occurred_at AT TIME ZONE ${HOME_ZONE})::date, e.occurred_at
    ${ON_CONFLICT}`,
  // Kiosks that reported a failed PIN in the window and have at least the threshold's on that
  // day (in the store's time zone): one alert per kiosk and day.
  pin_failures: `${INSERT}
    SELECT :merchantId::uuid, 'pin_failures', 'pin_failures:' || d.kiosk_id || ':' || d.day,
           d.store_id, d.kiosk_id, NULL::uuid,
           jsonb_build_object('day', d.day, 'count', d.count, 'threshold', :pinFailures::int), :now::timestamptz
      FROM (SELECT t.kiosk_id, t.store_id, t.day,
                   (SELECT count(*)::int FROM kiosk_operations x
                     WHERE x.kiosk_id = t.kiosk_id AND x.type = 'pin_failed'
                       AND x.occurred_at >= t.day::timestamp AT TIME ZONE t.zone
                       AND x.occurred_at < (t.day + 1)::timestamp AT TIME ZONE t.zone) AS count
              FROM (SELECT DISTINCT o.kiosk_id, k.store_id, s.timezone AS zone,
                           (o.occurred_at AT TIME ZONE s.timezone)::date AS day
                      FROM kiosk_operations o
                      JOIN kiosks k ON k.id = o.kiosk_id
                      JOIN stores s ON s.id = k.store_id
                     WHERE k.merchant_id = :merchantId AND o.type = 'pin_failed'
                       AND o.recorded_at > :from AND o.recorded_at <= :until) t) d
     WHERE d.count >= :pinFailures
    ${ON_CONFLICT}`,
  // A reward redeemed within the hour after the card's enrolment: one per card. The enrolment
  // is the card's row or its first entry, whichever is earlier (a kiosk enrolling offline, or
  // history imported with its dates, has entries older than the row).
  quick_redemption: `${INSERT}
    SELECT DISTINCT ON (e.card_id) e.merchant_id, 'quick_redemption', 'quick_redemption:' || e.card_id,
           c.enrolled_store_id, NULL::uuid, e.card_id,
           jsonb_build_object('entry_id', e.id, 'enrolled_at', enrolled.at,
                              'minutes', floor(extract(epoch FROM e.occurred_at - enrolled.at) / 60)::int), :now::timestamptz
      FROM ledger_entries e JOIN cards c ON c.id = e.card_id
      CROSS JOIN LATERAL (
        SELECT least(c.created_at, (SELECT min(x.occurred_at) FROM ledger_entries x WHERE x.card_id = c.id)) AS at
      ) enrolled
     WHERE e.merchant_id = :merchantId
       AND e.recorded_at > :from AND e.recorded_at <= :until
       AND e.type = 'redeem'
       AND e.occurred_at < enrolled.at + make_interval(mins => ${QUICK_REDEMPTION_MINUTES})
     ORDER BY e.card_id, e.occurred_at
    ${ON_CONFLICT}`,
}

const parameters = (settings: AlertSettings) => ({
  openFrom: settings.alert_opening_from,
  openTo: settings.alert_opening_to,
  silentMinutes: settings.alert_kiosk_silent_minutes,
  pendingMinutes: settings.alert_kiosk_pending_minutes,
  earningsPerDay: settings.alert_card_earnings_per_day,
  adjustmentAbove: settings.alert_adjustment_above,
  twoStoresMinutes: settings.alert_two_stores_minutes,
  pinFailures: settings.alert_pin_failures_per_day,
})

type Owner = { id: string; email: string; name: string; preferred_language: string | null }

/**
 * Emails the merchant's active owners about the kinds this run raised: at most one email per
 * owner, kind and (UTC) day — the key `merchant_alert:<merchant>:<kind>:<day>:<owner>` makes a
 * second alert of the same kind that day, or a run repeated, queue nothing more.
 */
const emailOwners = async (
  trx: Knex.Transaction,
  merchant: { id: string; name: string; default_language: string },
  kinds: AlertKind[],
  now: Date,
  alertsUrl: string,
): Promise<number> => {
  const owners: Owner[] = await trx('merchant_users')
    .where({ merchant_id: merchant.id, role: 'owner', active: true })
    .select('id', 'email', 'name', 'preferred_language')
  const day = now.toISOString().slice(0, 10)
  let queued = 0
  for (const kind of kinds)
    for (const owner of owners) {
      const language: Language = isLanguage(owner.preferred_language)
        ? owner.preferred_language
        : isLanguage(merchant.default_language)
          ? merchant.default_language
          : 'en'
      const t = translator(language, 'merchant')
      const email = await queueEmailOnce(
        trx,
        {
          template: 'merchant_alert',
          to: owner.email,
          language,
          merchantId: merchant.id,
          storeId: null,
          idempotencyKey: `merchant_alert:${merchant.id}:${kind}:${day}:${owner.id}`,
          variables: {
            owner_name: owner.name,
            merchant_name: merchant.name,
            store_name: merchant.name,
            alert_kind: t(`alerts.kinds.${kind}`),
            alerts_url: alertsUrl,
          },
        },
        language,
      )
      if (email) queued++
    }
  return queued
}

/**
 * The alert sweep (graphile-worker job `alerts:raise`, every minute): for each active merchant,
 * reads the ledger entries and kiosk operations recorded in (cursor, now − lag] and the kiosks'
 * state now, and raises each situation once (alerts.key unique per merchant); then emails the
 * owners about the kinds it raised. One transaction holding the cursor's row lock: two runs
 * never overlap, and a run that fails moves nothing. The first run starts the cursor at its own
 * end (no alert about the past before the sweep existed). `now` (tests, the benchmark) fixes
 * the clock of the kiosks' checks and of the window's end.
 */
export const raiseAlerts = async (
  db: Knex,
  options: { now?: Date; lagSeconds?: number; baseUrl?: string } = {},
): Promise<AlertSweepRun> =>
  db.transaction(async (trx) => {
    const lag = options.lagSeconds ?? ALERTS_LAG_SECONDS
    const {
      rows: [clock],
    } = await trx.raw<{ rows: { now: Date }[] }>(`SELECT clock_timestamp() AS now`)
    const now = options.now ?? clock!.now
    const until = new Date(now.getTime() - lag * 1000)
    await trx.raw(
      `INSERT INTO email_sweep_cursors (name, position) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`,
      [ALERTS_CURSOR, until],
    )
    const cursor = await trx('email_sweep_cursors')
      .where('name', ALERTS_CURSOR)
      .forUpdate()
      .first('position')
    const from: Date = cursor.position
    const run: AlertSweepRun = {
      from,
      until: until > from ? until : from,
      raised: Object.fromEntries(ALERT_KINDS.map((kind) => [kind, 0])) as AlertSweepRun['raised'],
      emails: 0,
    }
    const merchants: { id: string; name: string; default_language: string; settings: unknown }[] =
      await trx('merchants')
        .where('status', 'active')
        .select('id', 'name', 'default_language', 'settings')
    const alertsUrl = `${(options.baseUrl || process.env.BASE_URL || 'http://localhost:3000').replace(/\/$/, '')}/merchant/alerts`
    for (const merchant of merchants) {
      const values = {
        ...parameters(alertSettingsOf(merchant.settings)),
        merchantId: merchant.id,
        from,
        until: run.until,
        now,
      }
      const kinds = new Set<AlertKind>()
      const raisedIds: string[] = []
      for (const kind of ALERT_KINDS) {
        const { rows } = await trx.raw<{ rows: Raised[] }>(STATEMENTS[kind], values)
        run.raised[kind] += rows.length
        if (rows.length > 0) kinds.add(kind)
        raisedIds.push(...rows.map((row) => row.id))
      }
      if (raisedIds.length > 0)
        await queueWebhookEvents(trx, {
          merchantId: merchant.id,
          event: 'alert.raised',
          source: `SELECT jsonb_build_object('id', id, 'kind', kind, 'store_id', store_id,
              'kiosk_id', kiosk_id, 'card_id', card_id, 'details', details, 'raised_at', raised_at) AS data
            FROM alerts WHERE merchant_id = :alertsMerchantId AND id = ANY (string_to_array(:alertIds, ',')::uuid[])`,
          bindings: { alertsMerchantId: merchant.id, alertIds: raisedIds.join(',') },
        })
      if (kinds.size > 0) run.emails += await emailOwners(trx, merchant, [...kinds], now, alertsUrl)
    }
    await trx('email_sweep_cursors')
      .where('name', ALERTS_CURSOR)
      .update({ position: run.until, updated_at: trx.fn.now() })
    return run
  })
