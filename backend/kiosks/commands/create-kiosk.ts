import type { Queryable } from '../../db/transaction.ts'
import { inTransaction } from '../../db/transaction.ts'
import type { Actor } from '../../auth/actor.ts'
import { AppError } from '../../errors.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { hashSecret, newPairingCode } from '../secrets.ts'

export const PAIRING_CODE_TTL_MINUTES = 10

export type CreatedKiosk = {
  kioskId: string
  code: string
  expiresAt: Date
  /** What the pairing QR encodes: the backend URL and the code. */
  qrPayload: string
}

/**
 * Creates a kiosk for a store (or a new pairing code for an existing, unrevoked kiosk) and
 * returns a one-time code valid for 10 minutes. Only the code's hash is stored.
 */
export const createKioskPairing = (
  db: Queryable,
  props: {
    merchantId: string
    storeCode: string
    name: string
    baseUrl: string
    actor: Actor
    kioskId?: string
  },
): Promise<CreatedKiosk> =>
  inTransaction(db, async (trx) => {
    const store = await trx('stores')
      .where({ merchant_id: props.merchantId, code: props.storeCode, active: true })
      .first('id')
    if (!store) throw new AppError('STORE_NOT_FOUND')
    const code = newPairingCode()
    const values = {
      pairing_code_hash: hashSecret(code),
      pairing_expires_at: trx.raw(`now() + interval '${PAIRING_CODE_TTL_MINUTES} minutes'`),
      updated_at: trx.fn.now(),
    }
    const [kiosk] = props.kioskId
      ? await trx('kiosks')
          .where({ id: props.kioskId, merchant_id: props.merchantId })
          .whereNot('status', 'revoked')
          .update(values)
          .returning(['id', 'pairing_expires_at'])
      : await trx('kiosks')
          .insert({
            merchant_id: props.merchantId,
            store_id: store.id,
            name: props.name,
            ...values,
          })
          .returning(['id', 'pairing_expires_at'])
    if (!kiosk) throw new AppError('NOT_FOUND')
    await recordAudit(trx, {
      actor: props.actor,
      merchantId: props.merchantId,
      action: props.kioskId ? 'kiosk.pairing_code' : 'kiosk.create',
      subjectType: 'kiosk',
      subjectId: kiosk.id,
      data: { store_code: props.storeCode, name: props.name },
    })
    const qr = new URL('/kiosk/pair', props.baseUrl)
    qr.searchParams.set('code', code)
    return {
      kioskId: kiosk.id,
      code,
      expiresAt: kiosk.pairing_expires_at,
      qrPayload: qr.toString(),
    }
  })
