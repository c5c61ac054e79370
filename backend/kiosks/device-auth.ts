import type { Knex } from 'knex'
import { AppError } from '../errors.ts'
import type { BearerVerifier } from '../http/bearer-auth.ts'
import { DEVICE_CREDENTIAL_PREFIX, hashSecret } from './secrets.ts'

/**
 * Verifies a paired kiosk's device credential (`rfd_…`). A revoked kiosk is answered
 * 401 DEVICE_REVOKED (it then wipes its local data); an unknown credential 401 UNAUTHENTICATED.
 */
export const deviceVerifier = (db: Knex): BearerVerifier => ({
  prefix: DEVICE_CREDENTIAL_PREFIX,
  verify: async (token) => {
    const kiosk = await db('kiosks')
      .where('credential_hash', hashSecret(token))
      .first('id', 'merchant_id', 'store_id', 'status')
    if (!kiosk) throw new AppError('UNAUTHENTICATED')
    if (kiosk.status === 'revoked') throw new AppError('DEVICE_REVOKED')
    if (kiosk.status !== 'active') throw new AppError('UNAUTHENTICATED')
    return { kind: 'kiosk', id: kiosk.id, merchantId: kiosk.merchant_id, storeId: kiosk.store_id }
  },
})
