import type { Queryable } from '../../db/transaction.ts'
import { movementRequest, type MovementProps } from './movement-props.ts'
import { recordMovement } from '../ledger.ts'
import { earnInOneStatement } from '../earn-statement.ts'
import { pointsForAmount } from '../../../shared/points.ts'
import { assertCanEarn, assertCategory, grantEarning } from './movement-guards.ts'

export type EarnPointsProps = MovementProps & {
  amountCents: number
  categoryId?: string | undefined
}

/**
 * Points for a purchase: floor(amount × rate), subject to cooldown and daily cap. An earning
 * the rules grant in full is written in one statement (earn-statement.ts); any other goes
 * through the ledger's general path, which applies the rules below.
 */
export const earnPoints = async (db: Queryable, props: EarnPointsProps) => {
  const request = movementRequest(props, 'earn', {
    amount_cents: props.amountCents,
    category_id: props.categoryId,
  })
  const written = await earnInOneStatement(db, request, {
    amountCents: props.amountCents,
    categoryId: props.categoryId ?? null,
    reason: props.reason ?? null,
  })
  if (written) return written
  return recordMovement(db, {
    ...request,
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
}
