import type { Knex } from 'knex'

export type BalanceMismatch = {
  card_id: string
  number: string
  points_balance: number
  points_ledger: number
  stamps_balance: number
  stamps_ledger: number
}

/**
 * Proves the cached balances agree with the ledger: every card whose balance differs from the
 * sum of its entries (entries waiting for review are not applied, so they do not count).
 */
export const findBalanceMismatches = async (
  db: Knex,
  merchantId?: string,
): Promise<BalanceMismatch[]> => {
  const { rows } = await db.raw<{ rows: BalanceMismatch[] }>(
    `SELECT c.id AS card_id, c.number,
            c.points_balance, coalesce(l.points, 0)::int AS points_ledger,
            c.stamps_balance, coalesce(l.stamps, 0)::int AS stamps_ledger
       FROM cards c
       LEFT JOIN (SELECT card_id, sum(points_delta) AS points, sum(stamps_delta) AS stamps
                    FROM ledger_entries WHERE status <> 'review' GROUP BY card_id) l ON l.card_id = c.id
      WHERE (c.points_balance <> coalesce(l.points, 0) OR c.stamps_balance <> coalesce(l.stamps, 0))
        AND (:merchantId::uuid IS NULL OR c.merchant_id = :merchantId::uuid)`,
    { merchantId: merchantId ?? null },
  )
  return rows
}
