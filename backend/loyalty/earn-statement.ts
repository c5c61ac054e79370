import type { Queryable } from '../db/transaction.ts'
import { runStatementAlone } from '../db/sql-transaction.ts'
import { isPgError } from '../errors.ts'
import type { MovementResult } from '../../shared/schemas/loyalty-api.ts'
import {
  MOVEMENT_EFFECTS,
  MOVEMENT_EFFECTS_READ,
  movementHash,
  type MovementRequest,
} from './ledger.ts'
import { presentMovement, type EntryWithStore } from './presenters.ts'

// An earning of points in one statement, one round trip, committed by PostgreSQL as it ends:
// lock the card, check that the rules would grant the whole purchase, append the entry, move the
// cached balances. It only ever says yes. Whenever the rules might answer anything else (card or
// store unknown, card blocked, programme paused or of stamps, a daily cap, inside the cooldown,
// a known client id, an unknown category, any error), it writes nothing and `recordMovement`
// runs as before and gives the answer — the rules stay those of shared/earning-rules.ts and
// shared/eligibility.ts. Every condition here is as strict as theirs or stricter, so the two
// paths never disagree (docs/architecture.md "The ledger").
//
// Why no daily cap: the day's earnings would be read from the statement's snapshot, which
// predates a twin earning that committed while this one waited for the card's lock. Capped
// programmes keep the two-round-trip path, whose sum is read after the lock.

const EARN_IN_ONE_STATEMENT = `
  WITH locked AS (
    SELECT c.id, c.merchant_id, c.number, c.status, c.points_balance, c.stamps_balance,
           c.lifetime_points, c.last_earn_at,
           p.status AS programme_status, p.type AS programme_type, p.cooldown_minutes, p.daily_cap,
           ($6::bigint * p.points_per_currency_unit) / 100 AS points,
           s.id AS store_id, s.code AS store_code, s.name AS store_name, s.currency,
           s.active AS store_active,
           -- the slow path's "now" travels through a JS Date: milliseconds
           coalesce($7::timestamptz, date_trunc('milliseconds', now())) AS at,
           EXISTS (SELECT 1 FROM ledger_entries e
                    WHERE e.merchant_id = c.merchant_id AND e.client_id = $4::uuid) AS known_client_id
      FROM cards c
      JOIN programmes p ON p.id = c.programme_id
      JOIN stores s ON s.merchant_id = c.merchant_id AND s.code = $3::text
     WHERE c.merchant_id = $1::uuid AND c.number = $2::text
       FOR UPDATE OF c
  ), granted AS (
    SELECT l.* FROM locked l
     WHERE l.status = 'active' AND l.store_active
       AND l.programme_status = 'active' AND l.programme_type = 'points'
       AND l.daily_cap IS NULL AND NOT l.known_client_id
       AND (l.points = 0 OR l.cooldown_minutes = 0 OR l.last_earn_at IS NULL
            OR l.at >= l.last_earn_at + make_interval(mins => l.cooldown_minutes))
       AND ($8::uuid IS NULL OR EXISTS (
             SELECT 1 FROM transaction_categories t
              WHERE t.id = $8::uuid AND t.merchant_id = l.merchant_id AND t.active
                AND (t.store_id IS NULL OR t.store_id = l.store_id)))
  ), entry AS (
    INSERT INTO ledger_entries (merchant_id, card_id, type, points_delta, stamps_delta,
      points_balance_after, stamps_balance_after, amount_cents, currency, category_id, store_id,
      device_id, staff_id, api_key_id, reason, client_id, request_hash, occurred_at, metadata)
    SELECT g.merchant_id, g.id, 'earn', g.points, 0, g.points_balance + g.points, g.stamps_balance,
      $6::int, g.currency, $8::uuid, g.store_id, $10::uuid, $11::uuid, $12::uuid, $9::text,
      $4::uuid, $5::text, g.at, '{}'::jsonb
      FROM granted g
    RETURNING *
  ), card AS (
    UPDATE cards c SET points_balance = g.points_balance + g.points,
      lifetime_points = g.lifetime_points + g.points,
      last_earn_at = CASE WHEN g.points > 0 AND (g.last_earn_at IS NULL OR g.at > g.last_earn_at)
                          THEN g.at ELSE g.last_earn_at END,
      last_activity_at = greatest(c.last_activity_at, g.at),
      updated_at = now()
      FROM granted g
     WHERE c.id = g.id
  )${MOVEMENT_EFFECTS}
  SELECT entry.*, l.store_code, l.store_name, l.number AS card_number, l.daily_cap AS capped_programme
    FROM locked l LEFT JOIN entry ON true WHERE ${MOVEMENT_EFFECTS_READ}`

type Row = EntryWithStore & { card_number: string; capped_programme: number | null }

/** Merchants whose programme had a daily cap when last seen here, until when to believe it. */
const cappedUntil = new Map<string, number>()
const CAPPED_MEMORY_MS = 60_000

/**
 * The earning written in one statement, or null when it must take the general path (in a
 * caller's transaction, under a daily cap, or whenever the rules might refuse or trim it).
 */
export const earnInOneStatement = async (
  db: Queryable,
  request: Omit<MovementRequest, 'plan'>,
  earning: { amountCents: number; categoryId: string | null; reason: string | null },
): Promise<MovementResult | null> => {
  if (db.isTransaction || !('number' in request.card) || request.after) return null
  const capped = cappedUntil.get(request.merchantId)
  if (capped !== undefined) {
    if (capped > Date.now()) return null
    cappedUntil.delete(request.merchantId)
  }
  let row: Row | undefined
  try {
    ;[row] = await runStatementAlone<Row>(db, EARN_IN_ONE_STATEMENT, [
      request.merchantId,
      request.card.number,
      request.storeCode,
      request.clientId,
      movementHash(request),
      earning.amountCents,
      request.occurredAt ?? null,
      earning.categoryId,
      earning.reason,
      request.deviceId ?? null,
      request.staffId ?? null,
      request.actor.type === 'api_key' ? request.actor.id : null,
    ])
  } catch (error) {
    // A twin's client id committed meanwhile, a constraint, an overflow: the general path
    // replays, refuses or fails exactly as it always has. A statement PostgreSQL cannot even
    // run (class 42: a column renamed, a broken effect CTE) or a lost connection is a bug or an
    // outage, not a rule's answer: it surfaces.
    if (!isPgError(error) || error.code?.startsWith('42')) throw error
    return null
  }
  if (!row?.id) {
    if (row?.capped_programme != null)
      cappedUntil.set(request.merchantId, Date.now() + CAPPED_MEMORY_MS)
    return null
  }
  return presentMovement(row, { duplicate: false })
}
