import type { Queryable } from '../../../db/transaction.ts'

export type PassRef = { merchantId: string; cardId: string }

/**
 * A device asks for the pass's updates (Apple's web service): 'created' for a new registration,
 * 'updated' when the device was registered already (its push token may have changed).
 */
export const registerDevice = async (
  db: Queryable,
  props: PassRef & { deviceLibraryId: string; passTypeId: string; pushToken: string },
): Promise<'created' | 'updated'> => {
  const [row] = await db('apple_pass_registrations')
    .insert({
      merchant_id: props.merchantId,
      card_id: props.cardId,
      device_library_id: props.deviceLibraryId,
      pass_type_id: props.passTypeId,
      push_token: props.pushToken,
    })
    .onConflict(['merchant_id', 'card_id', 'device_library_id'])
    .merge({ push_token: props.pushToken, pass_type_id: props.passTypeId, updated_at: db.fn.now() })
    // xmax = 0 only for a row this statement inserted.
    .returning(db.raw('(xmax = 0) AS inserted'))
  return (row as { inserted: boolean }).inserted ? 'created' : 'updated'
}

/** The device no longer wants the pass's updates (removed from Wallet, or APNs answered 410). */
export const unregisterDevice = async (
  db: Queryable,
  props: PassRef & { deviceLibraryId: string },
): Promise<boolean> =>
  (await db('apple_pass_registrations')
    .where({
      merchant_id: props.merchantId,
      card_id: props.cardId,
      device_library_id: props.deviceLibraryId,
    })
    .delete()) > 0
