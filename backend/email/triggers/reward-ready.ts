import type { Knex } from 'knex'
import { localize, type LocalizedText } from '../../../shared/languages.ts'
import { queueEmailOnce, sweepRecipient } from '../queue-email.ts'

/** The cursor row of this sweep in email_sweep_cursors. */
export const REWARD_READY_CURSOR = 'reward_ready'

/**
 * How far behind now() the sweep stays. An entry's recorded_at is its transaction's start
 * (now()), and it becomes visible only at commit: a transaction shorter than this lag can never
 * commit behind the cursor. Earn, stamp and sync transactions take milliseconds.
 */
export const REWARD_READY_LAG_SECONDS = 60

export type RewardReadyRun = { from: Date; until: Date; crossings: number; queued: number }

type Crossing = {
  entry_id: string
  card_id: string
  merchant_id: string
  store_id: string | null
  reward_id: string
  reward_name: LocalizedText
  stamps: boolean
  balance: number
  email: string
  customer_name: string | null
  preferred_language: string | null
  /** The default language and name of the entry's store (its merchant's without a store). */
  store_language: string | null
  store_name: string | null
}

/**
 * Queues a reward_ready email for every entry that took a card's balance across a reward's cost
 * (balance before < cost ≤ balance after), per (card, reward, crossing), by reading the ledger
 * after the earn path has committed: the earn path itself runs no extra statement. One run
 * reads the entries recorded in (cursor, now() − lag] merchant by merchant (through the
 * (merchant_id, recorded_at) index), queues the emails and moves the cursor, all in one
 * transaction holding the cursor's row lock, so two runs never overlap. The key
 * `reward_ready:<entry>:<reward>` makes a run repeated after a crash queue nothing twice.
 * The first run starts the cursor at its own end: no email for crossings before the sweep
 * existed. Only customers with an email, not anonymized and with marketing consent get one.
 */
export const queueRewardReadyEmails = async (
  db: Knex,
  options: { lagSeconds?: number } = {},
): Promise<RewardReadyRun> =>
  db.transaction(async (trx) => {
    const lag = options.lagSeconds ?? REWARD_READY_LAG_SECONDS
    const {
      rows: [bounds],
    } = await trx.raw<{ rows: { until: Date }[] }>(
      `SELECT clock_timestamp() - make_interval(secs => ?) AS until`,
      [lag],
    )
    const until = bounds!.until
    await trx.raw(
      `INSERT INTO email_sweep_cursors (name, position) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`,
      [REWARD_READY_CURSOR, until],
    )
    const cursor = await trx('email_sweep_cursors')
      .where('name', REWARD_READY_CURSOR)
      .forUpdate()
      .first('position')
    const from: Date = cursor.position
    const run: RewardReadyRun = { from, until, crossings: 0, queued: 0 }
    if (until <= from) return run

    const merchants: { merchant_id: string }[] = await trx('rewards')
      .where('active', true)
      .distinct('merchant_id')
    for (const { merchant_id: merchantId } of merchants) {
      const { rows } = await trx.raw<{ rows: Crossing[] }>(
        `SELECT e.id AS entry_id, e.card_id, e.merchant_id,
                coalesce(e.store_id, c.enrolled_store_id) AS store_id,
                r.id AS reward_id, r.name AS reward_name, p.type = 'stamps' AS stamps,
                CASE WHEN p.type = 'points' THEN e.points_balance_after ELSE e.stamps_balance_after END AS balance,
                cu.email, cu.name AS customer_name, cu.preferred_language,
                CASE WHEN coalesce(e.store_id, c.enrolled_store_id) IS NOT NULL
                     THEN s.default_language ELSE m.default_language END AS store_language,
                CASE WHEN coalesce(e.store_id, c.enrolled_store_id) IS NOT NULL
                     THEN s.name ELSE m.name END AS store_name
           FROM ledger_entries e
           JOIN cards c ON c.id = e.card_id
           JOIN programmes p ON p.id = c.programme_id
           JOIN rewards r ON r.programme_id = p.id AND r.active
           JOIN customers cu ON cu.id = c.customer_id
           JOIN merchants m ON m.id = e.merchant_id
           LEFT JOIN stores s ON s.id = coalesce(e.store_id, c.enrolled_store_id)
          WHERE e.merchant_id = :merchantId
            AND e.recorded_at > :from AND e.recorded_at <= :until
            AND e.status = 'applied'
            AND CASE WHEN p.type = 'points'
                  THEN e.points_delta > 0 AND e.points_balance_after - e.points_delta < r.cost
                       AND r.cost <= e.points_balance_after
                  ELSE e.stamps_delta > 0 AND e.stamps_balance_after - e.stamps_delta < r.cost
                       AND r.cost <= e.stamps_balance_after
                END
            AND cu.email IS NOT NULL AND cu.anonymized_at IS NULL AND cu.marketing_consent
          ORDER BY e.recorded_at, e.id, r.cost`,
        { merchantId, from, until },
      )
      for (const crossing of rows) {
        run.crossings++
        const { recipient, language } = sweepRecipient(crossing)
        const queued = await queueEmailOnce(
          trx,
          {
            ...recipient,
            template: 'reward_ready',
            idempotencyKey: `reward_ready:${crossing.entry_id}:${crossing.reward_id}`,
            variables: {
              customer_name: crossing.customer_name ?? '',
              store_name: crossing.store_name ?? '',
              reward_name: localize(crossing.reward_name, language),
              balance: crossing.balance,
              stamps: crossing.stamps,
            },
          },
          language,
        )
        if (queued) run.queued++
      }
    }
    await trx('email_sweep_cursors')
      .where('name', REWARD_READY_CURSOR)
      .update({ position: until, updated_at: trx.fn.now() })
    return run
  })
