import type { Queryable } from '../db/transaction.ts'
import { enqueueApplePushes } from './apple/push-job.ts'
import { enqueueWalletUpdate } from './google/enqueue-wallet-update.ts'

/**
 * A card changed outside the ledger (block, unblock, anonymization): its Google Wallet object
 * and the Apple Wallet passes on phones follow, by jobs queued in the caller's transaction (a
 * ledger movement does the same inside its own statement: MOVEMENT_EFFECTS in ledger.ts).
 */
export const refreshWalletPasses = async (
  db: Queryable,
  merchantId: string,
  cardIds: string[],
): Promise<void> => {
  await enqueueWalletUpdate(db, merchantId, cardIds)
  await enqueueApplePushes(db, merchantId, cardIds)
}
