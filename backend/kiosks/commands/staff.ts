import bcrypt from 'bcrypt'
import type { Queryable } from '../../db/transaction.ts'
import { inTransaction } from '../../db/transaction.ts'
import type { Actor } from '../../auth/actor.ts'
import { AppError } from '../../errors.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { loadKioskSettings } from '../merchant-settings.ts'
import { assertAcceptablePin } from '../pin-policy.ts'

const BCRYPT_COST = 10

/** A staff member of some of the merchant's stores, with a PIN (bcrypt hash only). */
export const createStaff = (
  db: Queryable,
  props: { merchantId: string; name: string; storeCodes: string[]; pin: string; actor: Actor },
) =>
  inTransaction(db, async (trx) => {
    const settings = await loadKioskSettings(trx, props.merchantId)
    assertAcceptablePin(props.pin, settings.pin_length)
    const stores = await trx('stores')
      .where('merchant_id', props.merchantId)
      .whereIn('code', props.storeCodes)
      .select('id')
    if (stores.length !== new Set(props.storeCodes).size) throw new AppError('STORE_NOT_FOUND')
    const [staff] = await trx('staff')
      .insert({
        merchant_id: props.merchantId,
        name: props.name,
        pin_hash: await bcrypt.hash(props.pin, BCRYPT_COST),
        pin_changed_at: trx.fn.now(),
      })
      .returning(['id'])
    await trx('staff_stores').insert(stores.map((s) => ({ staff_id: staff.id, store_id: s.id })))
    await recordAudit(trx, {
      actor: props.actor,
      merchantId: props.merchantId,
      action: 'staff.create',
      subjectType: 'staff',
      subjectId: staff.id,
      data: { name: props.name, stores: props.storeCodes },
    })
    return { id: staff.id as string }
  })

/** A new PIN: unlocks the PIN and resets the failure count everywhere (kiosks get it on sync). */
export const setStaffPin = (
  db: Queryable,
  props: { merchantId: string; staffId: string; pin: string; actor: Actor },
) =>
  inTransaction(db, async (trx) => {
    const settings = await loadKioskSettings(trx, props.merchantId)
    assertAcceptablePin(props.pin, settings.pin_length)
    const updated = await trx('staff')
      .where({ id: props.staffId, merchant_id: props.merchantId })
      .update({
        pin_hash: await bcrypt.hash(props.pin, BCRYPT_COST),
        pin_changed_at: trx.fn.now(),
        failed_pin_attempts: 0,
        pin_locked_at: null,
        updated_at: trx.fn.now(),
      })
    if (!updated) throw new AppError('STAFF_NOT_FOUND')
    await recordAudit(trx, {
      actor: props.actor,
      merchantId: props.merchantId,
      action: 'staff.set_pin',
      subjectType: 'staff',
      subjectId: props.staffId,
    })
  })

/**
 * A failed PIN attempt reported by a kiosk (docs/lessons.md #15). Counted per staff member across
 * all kiosks; at the merchant's threshold the PIN locks everywhere. With no staff id (nobody's PIN
 * matched) only the audit log records it.
 */
export const recordPinFailure = (
  db: Queryable,
  props: {
    merchantId: string
    kioskId: string
    staffId: string | null
    at: Date
    consecutive: number
  },
) =>
  inTransaction(db, async (trx) => {
    let locked = false
    if (props.staffId) {
      const settings = await loadKioskSettings(trx, props.merchantId)
      const [staff] = await trx('staff')
        .where({ id: props.staffId, merchant_id: props.merchantId })
        .update({
          failed_pin_attempts: trx.raw('failed_pin_attempts + 1'),
          pin_locked_at: trx.raw(
            'CASE WHEN pin_locked_at IS NULL AND failed_pin_attempts + 1 >= ? THEN now() ELSE pin_locked_at END',
            [settings.pin_lock_threshold],
          ),
          updated_at: trx.fn.now(),
        })
        .returning(['failed_pin_attempts', 'pin_locked_at'])
      if (!staff) throw new AppError('STAFF_NOT_FOUND')
      locked = staff.pin_locked_at !== null
    }
    await recordAudit(trx, {
      actor: { type: 'system', merchantId: props.merchantId, job: `kiosk:${props.kioskId}` },
      merchantId: props.merchantId,
      action: 'staff.pin_failed',
      subjectType: props.staffId ? 'staff' : 'kiosk',
      subjectId: props.staffId ?? props.kioskId,
      data: {
        kiosk_id: props.kioskId,
        at: props.at.toISOString(),
        consecutive: props.consecutive,
        locked,
      },
    })
    return { locked }
  })
