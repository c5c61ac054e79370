import type { Queryable } from '../../db/transaction.ts'

/**
 * A burst of movements on one card within this delay becomes one PATCH: the job is keyed per
 * card and keeps the run time of the first (graphile-worker `preserve_run_at`), so the phone is
 * at most this late plus the queue, however busy the card.
 */
export const WALLET_UPDATE_DELAY_SECONDS = 2

/**
 * SQL that enqueues `wallet:update` for one card when it has a Google Wallet object (and does
 * nothing otherwise). A SELECT, so it fits in another statement as a CTE (`from` names the
 * CTE the ids come from): the ledger's MOVEMENT_EFFECTS reads it, and the job exists only if the
 * movement commits.
 */
export const enqueueWalletUpdateSql = (merchantId: string, cardId: string, from?: string) => `
  SELECT graphile_worker.add_job('wallet:update',
           json_build_object('merchantId', o.merchant_id, 'cardId', o.card_id),
           run_at => now() + interval '${WALLET_UPDATE_DELAY_SECONDS} seconds',
           max_attempts => 12,
           job_key => 'wallet:update:' || o.card_id::text,
           job_key_mode => 'preserve_run_at')
    FROM ${from ? `${from}, ` : ''}google_wallet_objects o
   WHERE o.merchant_id = ${merchantId} AND o.card_id = ${cardId}`

/** The same for a change outside the ledger (block, unblock, anonymize), in its transaction. */
export const enqueueWalletUpdate = async (
  db: Queryable,
  merchantId: string,
  cardIds: string[],
): Promise<void> => {
  for (const cardId of cardIds)
    await db.raw(enqueueWalletUpdateSql('?::uuid', '?::uuid'), [merchantId, cardId])
}
