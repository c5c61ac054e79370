import type { Knex } from 'knex'
import { AppError } from '../errors.ts'
import type { BearerVerifier } from '../http/bearer-auth.ts'
import { DEVICE_CREDENTIAL_PREFIX, hashSecret } from './secrets.ts'

/**
 * Verifies a paired kiosk's device credential (`rfd_…`). A revoked kiosk is answered
 * 401 DEVICE_REVOKED (it then wipes its local data); an unknown credential 401 UNAUTHENTICATED;
 * a kiosk of a suspended merchant 403 MERCHANT_SUSPENDED, of a closed store 409 STORE_CLOSED.
 */
export const deviceVerifier = (db: Knex): BearerVerifier => ({
  prefix: DEVICE_CREDENTIAL_PREFIX,
  verify: async (token) => {
    const kiosk = await db('kiosks as k')
      .join('merchants as m', 'm.id', 'k.merchant_id')
      .join('stores as s', 's.id', 'k.store_id')
      .where('k.credential_hash', hashSecret(token))
      .first(
        'k.id',
        'k.merchant_id',
        'k.store_id',
        'k.status',
        'm.status as merchant_status',
        's.active as store_active',
      )
    if (!kiosk) throw new AppError('UNAUTHENTICATED')
    if (kiosk.status === 'revoked') throw new AppError('DEVICE_REVOKED')
    if (kiosk.status !== 'active') throw new AppError('UNAUTHENTICATED')
    // Refused before any sync or operation; the kiosk keeps its data and resumes when lifted.
    if (kiosk.merchant_status === 'suspended') throw new AppError('MERCHANT_SUSPENDED')
    if (!kiosk.store_active) throw new AppError('STORE_CLOSED')
    return { kind: 'kiosk', id: kiosk.id, merchantId: kiosk.merchant_id, storeId: kiosk.store_id }
  },
})
