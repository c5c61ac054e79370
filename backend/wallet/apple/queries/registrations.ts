import type { Queryable } from '../../../db/transaction.ts'

/**
 * The serials (card ids) of a device's passes of one type changed after `since` (a tag from an
 * earlier answer: microseconds since the epoch), with the newest change as the next tag. Null
 * when none changed.
 */
export const passesUpdatedSince = async (
  db: Queryable,
  props: { deviceLibraryId: string; passTypeId: string; since: string | null },
): Promise<{ serialNumbers: string[]; lastUpdated: string } | null> => {
  const since = props.since && /^\d{1,20}$/.test(props.since) ? props.since : null
  const { rows } = await db.raw<{ rows: { card_id: string; tag: string }[] }>(
    `SELECT r.card_id, (extract(epoch FROM c.updated_at) * 1000000)::bigint::text AS tag
       FROM apple_pass_registrations r
       JOIN cards c ON c.id = r.card_id AND c.merchant_id = r.merchant_id
      WHERE r.device_library_id = :device AND r.pass_type_id = :passType
        AND (:since::bigint IS NULL
             OR (extract(epoch FROM c.updated_at) * 1000000)::bigint > :since::bigint)`,
    { device: props.deviceLibraryId, passType: props.passTypeId, since },
  )
  if (rows.length === 0) return null
  const lastUpdated = rows.reduce(
    (max, row) => (BigInt(row.tag) > BigInt(max) ? row.tag : max),
    '0',
  )
  return { serialNumbers: rows.map((row) => row.card_id), lastUpdated }
}

/** The devices to push to after a card changed: their push tokens, for one pass type. */
export const registeredDevices = (db: Queryable, props: { merchantId: string; cardId: string }) =>
  db('apple_pass_registrations')
    .where({ merchant_id: props.merchantId, card_id: props.cardId })
    .select<{ device_library_id: string; push_token: string; pass_type_id: string }[]>(
      'device_library_id',
      'push_token',
      'pass_type_id',
    )
