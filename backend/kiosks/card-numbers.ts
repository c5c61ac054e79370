import type { Knex } from 'knex'
import { randomCardNumber } from '../../shared/card-number.ts'

/**
 * Tops up the kiosk's block of reserved card numbers to `target` unused ones and returns them.
 * A reserved number is never a card's and never given to anyone else, so the kiosk can enroll
 * customers offline without collisions.
 */
export const reserveCardNumbers = async (
  trx: Knex.Transaction,
  kiosk: { id: string; merchantId: string },
  target: number,
): Promise<string[]> => {
  const unused = async () =>
    (
      await trx('card_number_reservations')
        .where({ kiosk_id: kiosk.id })
        .whereNull('used_at')
        .orderBy('reserved_at')
        .select('number')
    ).map((r: { number: string }) => r.number)
  let numbers = await unused()
  for (let attempt = 0; numbers.length < target && attempt < 5; attempt++) {
    const wanted = Array.from({ length: target - numbers.length }, randomCardNumber)
    await trx.raw(
      `INSERT INTO card_number_reservations (number, merchant_id, kiosk_id)
       SELECT n, ?, ? FROM unnest(?::text[]) AS n
        WHERE NOT EXISTS (SELECT 1 FROM cards WHERE number = n)
       ON CONFLICT (number, merchant_id) DO NOTHING`,
      [kiosk.merchantId, kiosk.id, wanted],
    )
    numbers = await unused()
  }
  return numbers
}
