import type { Knex } from 'knex'
import { inTransaction } from '../../db/transaction.ts'
import { AppError } from '../../errors.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { systemActor } from '../../auth/actor.ts'
import type { PairResult } from '../../../shared/schemas/kiosk-api.ts'
import { hashSecret, newDeviceCredential } from '../secrets.ts'
import { clearRateLimit, hitRateLimit } from '../../security/rate-limit.ts'
import type { RequestLimits } from '../../security/request-limits.ts'

/**
 * Exchanges a one-time pairing code for a device credential. The code works once and until it
 * expires; the credential is returned once and only its hash is kept. Each attempt is counted
 * per client IP and per code first (codes are guessed at here): RATE_LIMITED beyond either. A
 * pairing clears its IP's count, as a login clears its account's: only a run of wrong codes
 * shuts the door (an installer pairing a shop's kiosks from one network is not held back).
 */
export const pairKiosk = async (
  db: Knex,
  props: {
    code: string
    appVersion: string
    /** The client's address as the app sees it (ctx.ip). */
    ip: string
    limits: Pick<RequestLimits, 'pairingPerIp' | 'pairingPerCode'>
  },
): Promise<PairResult> => {
  await hitRateLimit(db, props.limits.pairingPerIp, props.ip)
  await hitRateLimit(db, props.limits.pairingPerCode, props.code.trim().toUpperCase())
  const paired = await inTransaction(db, async (trx) => {
    const kiosk = await trx('kiosks as k')
      .join('stores as s', 's.id', 'k.store_id')
      .join('merchants as m', 'm.id', 'k.merchant_id')
      .where('k.pairing_code_hash', hashSecret(props.code))
      .whereNot('k.status', 'revoked')
      .forUpdate()
      .first(
        'k.id',
        'k.merchant_id',
        trx.raw('k.pairing_expires_at < now() AS expired'),
        's.id as store_id',
        's.code as store_code',
        's.name as store_name',
        's.timezone',
        's.currency',
        's.active as store_active',
        'm.status as merchant_status',
      )
    if (!kiosk) throw new AppError('PAIRING_CODE_INVALID')
    if (kiosk.expired) throw new AppError('PAIRING_CODE_EXPIRED')
    // The code stays usable: it pairs once the suspension is lifted or the store reopened.
    if (kiosk.merchant_status === 'suspended') throw new AppError('MERCHANT_SUSPENDED')
    if (!kiosk.store_active) throw new AppError('STORE_CLOSED')
    const credential = newDeviceCredential()
    await trx('kiosks')
      .where('id', kiosk.id)
      .update({
        status: 'active',
        credential_hash: hashSecret(credential),
        pairing_code_hash: null,
        pairing_expires_at: null,
        app_version: props.appVersion,
        paired_at: trx.fn.now(),
        last_seen_at: trx.fn.now(),
        updated_at: trx.fn.now(),
      })
    await recordAudit(trx, {
      actor: systemActor(kiosk.merchant_id, 'kiosk-pairing'),
      merchantId: kiosk.merchant_id,
      action: 'kiosk.pair',
      subjectType: 'kiosk',
      subjectId: kiosk.id,
      data: { app_version: props.appVersion },
    })
    return {
      kiosk_id: kiosk.id,
      credential,
      merchant_id: kiosk.merchant_id,
      store: {
        id: kiosk.store_id,
        code: kiosk.store_code,
        name: kiosk.store_name,
        timezone: kiosk.timezone,
        currency: kiosk.currency.trim(),
      },
    }
  })
  await clearRateLimit(db, props.limits.pairingPerIp, props.ip)
  return paired
}
