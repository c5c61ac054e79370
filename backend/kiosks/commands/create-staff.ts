import { inTransaction, type Queryable } from '../../db/transaction.ts'
import type { Actor } from '../../auth/actor.ts'
import { AppError } from '../../errors.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { loadKioskSettings } from '../merchant-settings.ts'
import { assertAcceptablePin } from '../pin-policy.ts'
import { hashPin } from '../pin-hash.ts'

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
        pin_hash: await hashPin(props.pin),
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
