import type { Queryable } from '../../db/transaction.ts'
import type { Actor } from '../../auth/actor.ts'
import { recordMovement } from '../ledger.ts'
import { pointsForAmount } from '../../../shared/points.ts'
import { assertCanEarn, assertCategory, grantEarning } from './movement-guards.ts'

export type EarnPointsProps = {
  merchantId: string
  cardNumber: string
  storeCode: string
  clientId: string
  amountCents: number
  categoryId?: string | undefined
  occurredAt?: Date | undefined
  reason?: string | undefined
  staffId?: string | undefined
  deviceId?: string | undefined
  actor: Actor
}

/** Points for a purchase: floor(amount × rate), subject to cooldown and daily cap. */
export const earnPoints = (db: Queryable, props: EarnPointsProps) =>
  recordMovement(db, {
    merchantId: props.merchantId,
    card: { number: props.cardNumber },
    storeCode: props.storeCode,
    clientId: props.clientId,
    occurredAt: props.occurredAt,
    actor: props.actor,
    staffId: props.staffId ?? null,
    deviceId: props.deviceId ?? null,
    operation: 'earn',
    payload: {
      amount_cents: props.amountCents,
      category_id: props.categoryId,
      reason: props.reason,
    },
    plan: async (context, tx) => {
      assertCanEarn(context, 'points')
      await assertCategory(tx, context, props.categoryId)
      const points = pointsForAmount(props.amountCents, context.programme.points_per_currency_unit)
      const grant = grantEarning(context, 'points', points)
      return {
        type: 'earn',
        pointsDelta: grant.granted,
        stampsDelta: 0,
        amountCents: props.amountCents,
        categoryId: props.categoryId ?? null,
        reason: props.reason ?? null,
        // A purchase worth 0 points is recorded but does not start a cooldown.
        isEarning: grant.granted > 0,
        isActivity: true,
        capped: grant.capped,
      }
    },
  })
