import type { LedgerEntryRow } from './models.ts'
import type { SqlTransaction } from '../db/sql-transaction.ts'
import { MOVEMENT_EFFECTS, MOVEMENT_EFFECTS_READ } from './ledger.ts'

// Points expiry for a batch of cards in one statement: what `recordMovement` writes for one card
// with an `expire` plan (APPEND_ENTRY: the entry with the balances after it, the card's cached
// balances, and MOVEMENT_EFFECTS — webhooks, wallet jobs), for every card of the batch at once.
// The caller holds the cards' row locks (expire-points.ts), so the balances read here are the
// ones the entries remove. The entry is exactly the single path's: type `expire`, deltas minus
// the balances, balances after 0, reason `inactivity`, no store, device, staff or amount, the
// caller's client id and request hash per card, occurred_at the given time or the transaction's
// clock at millisecond precision (the single path's "now" travels through a JS Date). Lifetime
// totals, last_earn_at and last_activity_at stay: an expiry gains nothing and is no activity.

const EXPIRE_CARDS = `
  WITH batch AS (
    SELECT b.card_id, b.client_id, b.request_hash
      FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS b (card_id, client_id, request_hash)
  ), entry AS (
    INSERT INTO ledger_entries (merchant_id, card_id, type, points_delta, stamps_delta,
      points_balance_after, stamps_balance_after, reason, client_id, request_hash, occurred_at,
      metadata)
    SELECT c.merchant_id, c.id, 'expire', -c.points_balance, -c.stamps_balance, 0, 0,
      'inactivity', b.client_id, b.request_hash,
      coalesce($4::timestamptz, date_trunc('milliseconds', now())), '{}'::jsonb
      FROM batch b
      JOIN cards c ON c.id = b.card_id
     WHERE c.points_balance > 0 OR c.stamps_balance > 0
     ORDER BY c.id
    RETURNING *
  ), card AS (
    UPDATE cards c SET points_balance = 0, stamps_balance = 0, updated_at = now()
      FROM entry WHERE c.id = entry.card_id
  )${MOVEMENT_EFFECTS}
  SELECT entry.* FROM entry WHERE ${MOVEMENT_EFFECTS_READ}`

/** A PostgreSQL array literal of ids or base64url hashes (no quote, comma or brace inside). */
const arrayLiteral = (values: readonly string[]) => `{${values.join(',')}}`

export type ExpiringCard = { cardId: string; clientId: string; requestHash: string }

/**
 * Expires the balances of the given cards, which the transaction has locked, in one statement;
 * the last of the transaction, so it commits with it (one round trip). Returns the entries.
 */
export const expireLockedCards = async (
  tx: SqlTransaction,
  cards: readonly ExpiringCard[],
  occurredAt: Date | null,
): Promise<LedgerEntryRow[]> =>
  cards.length === 0
    ? []
    : tx.queryAndCommit<LedgerEntryRow>(
        EXPIRE_CARDS,
        [
          // Literals, not JS arrays: a first statement travels inlined in the simple protocol.
          arrayLiteral(cards.map((c) => c.cardId)),
          arrayLiteral(cards.map((c) => c.clientId)),
          arrayLiteral(cards.map((c) => c.requestHash)),
          occurredAt,
        ],
        'ledger_expire_cards',
      )
