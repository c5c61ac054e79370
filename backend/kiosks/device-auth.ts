import type { Knex } from 'knex'
import type { Middleware } from 'koa'
import { AppError } from '../errors.ts'
import type { AppState } from '../http/state.ts'
import { DEVICE_CREDENTIAL_PREFIX, hashSecret } from './secrets.ts'

/**
 * Authenticates a paired kiosk by its device credential. A revoked kiosk is answered
 * 401 DEVICE_REVOKED (it then wipes its local data); an unknown credential 401 UNAUTHENTICATED.
 */
export const deviceAuth =
  (db: Knex): Middleware<AppState> =>
  async (ctx, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))
    if (!match || !match[1]!.startsWith(DEVICE_CREDENTIAL_PREFIX))
      throw new AppError('UNAUTHENTICATED')
    const kiosk = await db('kiosks')
      .where('credential_hash', hashSecret(match[1]!))
      .first('id', 'merchant_id', 'store_id', 'status')
    if (!kiosk) throw new AppError('UNAUTHENTICATED')
    if (kiosk.status === 'revoked') throw new AppError('DEVICE_REVOKED')
    if (kiosk.status !== 'active') throw new AppError('UNAUTHENTICATED')
    ctx.state.actor = {
      type: 'kiosk',
      id: kiosk.id,
      merchantId: kiosk.merchant_id,
      storeId: kiosk.store_id,
    }
    await next()
  }
