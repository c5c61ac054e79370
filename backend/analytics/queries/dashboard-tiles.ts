import type { Knex } from 'knex'
import type { MerchantScope } from '../../policies/scope.ts'
import { ANALYTICS_CURSOR, NO_KEY, ZONE } from '../refresh-summaries.ts'

// The merchant dashboard's counters at any ledger size: what the analytics job has folded (the
// summaries, up to its cursor) plus what came after it, read from the ledger's and the cards'
// (merchant_id, recorded_at / created_at) indexes — a minute or two of rows when the job runs.
// Cursor, summary and tail are read in one snapshot, so a run of the job committing in between
// can neither count a row twice nor miss it. The figures equal the summaries'
// definitions (docs/decisions.md 90): local days, entries kept for review left out.

export type DashboardTiles = {
  /** Cards of the merchant (a store manager: those whose home store is theirs). */
  members: number
  /** Units given in the last `days` days: earnings, stamps, welcome bonuses, positive adjustments. */
  issued: number
  /** Redemptions in the last `days` days. */
  redemptions: number
}

export const loadDashboardTiles = async (
  db: Knex,
  scope: MerchantScope,
  options: { days: number; programmeId: string | null },
): Promise<DashboardTiles> => {
  const values = {
    merchantId: scope.merchantId,
    stores: scope.storeIds ? `{${scope.storeIds.join(',')}}` : null,
    programmeId: options.programmeId,
    days: options.days,
    none: NO_KEY,
  }
  const inScope = (column: string) => (scope.storeIds ? `AND ${column} = ANY(:stores::uuid[])` : '')
  const ofProgramme = (column: string) =>
    options.programmeId ? `AND ${column} = :programmeId::uuid` : ''
  // One snapshot for the cursor and the rows (repeatable read), and the cursor's position as a
  // value the planner sees: as a subquery it planned a scan of the whole ledger.
  const tiles = await db.transaction(
    async (trx) => {
      const cursor = await trx('email_sweep_cursors')
        .where('name', ANALYTICS_CURSOR)
        .first('position')
      const folded: Date = cursor?.position ?? new Date(0)
      const {
        rows: [row],
      } = await trx.raw<{ rows: { members: string; issued: string; redemptions: string }[] }>(
        `WITH summary AS (
       SELECT coalesce(sum(new_members), 0) AS members,
              coalesce(sum(earned + adjusted_up) FILTER (WHERE day > current_date - :days::int ${ofProgramme('programme_id')}), 0) AS issued,
              coalesce(sum(redemptions) FILTER (WHERE day > current_date - :days::int ${ofProgramme('programme_id')}), 0) AS redemptions
         FROM analytics_daily
        WHERE merchant_id = :merchantId ${inScope('store_key')}
     ), new_cards AS (
       SELECT count(*) AS members FROM cards
        WHERE merchant_id = :merchantId AND created_at > :folded
          ${inScope('enrolled_store_id')}
     ), tail AS (
       SELECT coalesce(sum(greatest(e.points_delta + e.stamps_delta, 0))
                FILTER (WHERE e.type IN ('earn', 'stamp', 'welcome_bonus', 'adjust')), 0) AS issued,
              count(*) FILTER (WHERE e.type = 'redeem') AS redemptions
         FROM ledger_entries e
         JOIN cards c ON c.id = e.card_id
         LEFT JOIN stores s ON s.id = e.store_id
         LEFT JOIN stores hs ON hs.id = c.enrolled_store_id
        WHERE e.merchant_id = :merchantId AND e.recorded_at > :folded
          AND e.status <> 'review'
          AND (e.occurred_at AT TIME ZONE ${ZONE})::date > current_date - :days::int
          ${inScope('coalesce(e.store_id, c.enrolled_store_id, :none::uuid)')}
          ${ofProgramme('c.programme_id')}
     )
     SELECT (s.members + n.members)::text AS members, (s.issued + t.issued)::text AS issued,
            (s.redemptions + t.redemptions)::text AS redemptions
       FROM summary s, new_cards n, tail t`,
        { ...values, folded },
      )
      return row
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  )
  return {
    members: Number(tiles?.members ?? 0),
    issued: Number(tiles?.issued ?? 0),
    redemptions: Number(tiles?.redemptions ?? 0),
  }
}
