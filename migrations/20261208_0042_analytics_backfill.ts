import type { Knex } from 'knex'

// Data for 20261208_0041: analytics_activity_days counted from analytics_card_activity, and
// analytics_daily.adjusted_up: the positive adjustments already folded into analytics_daily (those
// recorded up to the analytics cursor), computed as the job computes them. Adjustments are few;
// without a cursor (the job never ran) there is nothing to fill.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    UPDATE analytics_daily a SET adjusted_up = x.up
      FROM (
        SELECT e.merchant_id,
               (e.occurred_at AT TIME ZONE coalesce(s.timezone, hs.timezone, 'UTC'))::date AS day,
               coalesce(e.store_id, c.enrolled_store_id, '00000000-0000-0000-0000-000000000000') AS store_key,
               c.programme_id, sum(greatest(e.points_delta + e.stamps_delta, 0)) AS up
          FROM ledger_entries e
          JOIN cards c ON c.id = e.card_id
          LEFT JOIN stores s ON s.id = e.store_id
          LEFT JOIN stores hs ON hs.id = c.enrolled_store_id
         WHERE e.type = 'adjust' AND e.status <> 'review'
           AND e.recorded_at <= (SELECT position FROM email_sweep_cursors WHERE name = 'analytics')
         GROUP BY 1, 2, 3, 4
      ) x
     WHERE a.merchant_id = x.merchant_id AND a.day = x.day AND a.store_key = x.store_key
       AND a.programme_id = x.programme_id`)
  await knex.raw(`
    INSERT INTO analytics_activity_days (merchant_id, last_day, home_store_key, members)
    SELECT merchant_id, last_day, home_store_key, count(*)
      FROM analytics_card_activity GROUP BY 1, 2, 3`)
}

export async function down(): Promise<void> {
  // The column goes with 20261208_0041's down.
}
