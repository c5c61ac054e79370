import type { Queryable } from '../../db/transaction.ts'
import type { Actor } from '../../auth/actor.ts'
import { recordMovement } from '../ledger.ts'
import { assertCanEarn, assertCategory, grantEarning } from './movement-guards.ts'

export type AddStampsProps = {
  merchantId: string
  cardNumber: string
  storeCode: string
  clientId: string
  count: number
  categoryId?: string | undefined
  occurredAt?: Date | undefined
  reason?: string | undefined
  staffId?: string | undefined
  deviceId?: string | undefined
  actor: Actor
}

/** Stamps for a visit or purchase, subject to the same cooldown and daily cap as points. */
export const addStamps = (db: Queryable, props: AddStampsProps) =>
  recordMovement(db, {
    merchantId: props.merchantId,
    card: { number: props.cardNumber },
    storeCode: props.storeCode,
    clientId: props.clientId,
    occurredAt: props.occurredAt,
    actor: props.actor,
    staffId: props.staffId ?? null,
    deviceId: props.deviceId ?? null,
    operation: 'stamp',
    payload: { count: props.count, category_id: props.categoryId, reason: props.reason },
    plan: async (context, tx) => {
      assertCanEarn(context, 'stamps')
      await assertCategory(tx, context, props.categoryId)
      const grant = grantEarning(context, 'stamps', props.count)
      return {
        type: 'stamp',
        pointsDelta: 0,
        stampsDelta: grant.granted,
        categoryId: props.categoryId ?? null,
        reason: props.reason ?? null,
        isEarning: true,
        isActivity: true,
        capped: grant.capped,
      }
    },
  })
