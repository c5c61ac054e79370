import type { Queryable } from '../../db/transaction.ts'
import { movementRequest, type MovementProps } from './movement-props.ts'
import { recordMovement } from '../ledger.ts'
import { assertCanEarn, assertCategory, grantEarning } from './movement-guards.ts'

export type AddStampsProps = MovementProps & {
  count: number
  categoryId?: string | undefined
}

/** Stamps for a visit or purchase, subject to the same cooldown and daily cap as points. */
export const addStamps = (db: Queryable, props: AddStampsProps) =>
  recordMovement(db, {
    ...movementRequest(props, 'stamp', { count: props.count, category_id: props.categoryId }),
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
