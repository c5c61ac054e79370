import type { Knex } from 'knex'

// Google allows an issuer 20 requests a second, whichever process sends them. The allowance
// lives in PostgreSQL: a row per issuer and 200 ms slot counts the requests granted, taken by
// one atomic upsert, so any number of worker processes on any number of hosts stay under it
// together. Slots of a fifth of a second (4 requests each at 20/s) spread a backlog over the
// second instead of a burst at its start, and keep a request granted at the end of one second
// from landing in the next one's count at Google.

const SLOTS_PER_SECOND = 5
const SLOT_MS = 1000 / SLOTS_PER_SECOND

const TAKE = `
  WITH slot AS (
    SELECT to_timestamp(floor(extract(epoch FROM clock_timestamp()) * ${SLOTS_PER_SECOND}) / ${SLOTS_PER_SECOND}) AS at
  )
  INSERT INTO google_wallet_request_slots (issuer_id, slot, granted)
  SELECT ?, at, 1 FROM slot
  ON CONFLICT (issuer_id, slot) DO UPDATE SET granted = google_wallet_request_slots.granted + 1
    WHERE google_wallet_request_slots.granted < ?
  RETURNING granted`

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Waits until the issuer may send one more request, and counts it. `db` must not be a
 * transaction: a grant is visible to every other process at once.
 */
export const takeRequestSlot = async (
  db: Knex,
  issuerId: string,
  perSecond: number,
): Promise<void> => {
  // A request granted at the end of one second may reach Google in the next: a second of
  // Google's can hold the requests of SLOTS_PER_SECOND + 1 slots (delays under one slot), so each
  // slot grants perSecond / 6 (20 → 3 per 200 ms, 15 a second, 18 at most in any second Google
  // counts). Granting 4 per slot let 21 through when the machine was loaded.
  const perSlot = Math.max(1, Math.floor(perSecond / (SLOTS_PER_SECOND + 1)))
  for (;;) {
    const { rows } = await db.raw<{ rows: { granted: number }[] }>(TAKE, [issuerId, perSlot])
    if (rows.length > 0) {
      // Now and then, forget slots older than a minute (any process may).
      if (Math.random() < 0.01)
        await db('google_wallet_request_slots')
          .where('slot', '<', db.raw(`now() - interval '1 minute'`))
          .delete()
      return
    }
    // Full: wait for the next slot, with a little jitter so waiters do not arrive as one.
    await sleep(SLOT_MS - (Date.now() % SLOT_MS) + Math.random() * 15)
  }
}
