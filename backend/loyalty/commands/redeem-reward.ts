import type { Queryable } from '../../db/transaction.ts'
import { movementRequest, type MovementProps } from './movement-props.ts'
import { AppError } from '../../errors.ts'
import { recordMovement } from '../ledger.ts'
import type { RewardRow } from '../models.ts'
import { checkRedemption } from '../../../shared/rewards.ts'
import { assertCanRedeem } from './movement-guards.ts'

export type RedeemRewardProps = MovementProps & {
  rewardId: string
  /**
   * A redemption a kiosk already gave offline, applied from the review queue: a balance short of
   * the cost is taken to zero and the rest kept on the entry as `metadata.write_off` (the
   * merchant's loss, never a negative balance). Off for every live redemption.
   */
  writeOffShortfall?: boolean
}

/**
 * Spends points or stamps on a reward of the card's programme, in any store of the merchant.
 * Under the card's row lock, so of two concurrent redemptions of the same balance one fails.
 * Allowed while the programme is paused: customers keep what they earned.
 */
export const redeemReward = (db: Queryable, props: RedeemRewardProps) =>
  recordMovement(db, {
    ...movementRequest(props, 'redeem', { reward_id: props.rewardId }),
    plan: async (context, tx) => {
      assertCanRedeem(context)
      const [reward] = await tx.query<RewardRow>(
        'SELECT * FROM rewards WHERE id = $1 AND programme_id = $2',
        [props.rewardId, context.programme.id],
        'ledger_reward',
      )
      if (!reward) throw new AppError('REWARD_NOT_FOUND')
      const kind = context.programme.type
      const balance = kind === 'points' ? context.card.points_balance : context.card.stamps_balance
      const check = checkRedemption({ kind, balance, reward })
      if (!check.ok && check.code !== 'REWARD_INACTIVE' && props.writeOffShortfall) {
        return {
          type: 'redeem',
          pointsDelta: kind === 'points' ? -balance : 0,
          stampsDelta: kind === 'stamps' ? -balance : 0,
          rewardId: reward.id,
          reason: props.reason ?? null,
          isActivity: true,
          metadata: { write_off: { [kind]: reward.cost - balance } },
        }
      }
      if (!check.ok) {
        throw check.code === 'REWARD_INACTIVE'
          ? new AppError('REWARD_INACTIVE')
          : new AppError(check.code, check.details)
      }
      return {
        type: 'redeem',
        pointsDelta: kind === 'points' ? -reward.cost : 0,
        stampsDelta: kind === 'stamps' ? -reward.cost : 0,
        rewardId: reward.id,
        reason: props.reason ?? null,
        isActivity: true,
      }
    },
  })
