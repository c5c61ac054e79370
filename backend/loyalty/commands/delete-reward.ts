import type { Knex } from 'knex'
import type { Actor } from '../../auth/actor.ts'
import { audited } from '../../audit/audited.ts'
import { AppError } from '../../errors.ts'
import { versionedDelete } from '../../db/versioned-update.ts'
import { countRewardUses, findMerchantReward } from '../programme-queries.ts'

/**
 * Deletes a reward nobody has redeemed yet, at the version the merchant saw. One that appears in
 * the ledger stays (the history names it): REWARD_IN_USE, deactivate it instead.
 */
export const deleteReward = audited(
  'reward.delete',
  async (
    trx: Knex.Transaction,
    props: { actor: Actor; merchantId: string; rewardId: string; version: number },
  ) => {
    // Locked first: a redemption naming it waits (its ledger row references the reward).
    const reward = await findMerchantReward(trx, props.merchantId, props.rewardId, {
      forUpdate: true,
    })
    const entries = await countRewardUses(trx, reward.id)
    if (entries > 0) throw new AppError('REWARD_IN_USE', { reward_id: reward.id, entries })
    await versionedDelete(trx, {
      subject: 'reward',
      merchantId: props.merchantId,
      id: reward.id,
      version: props.version,
    })
    return {
      value: undefined,
      subjectType: 'reward',
      subjectId: reward.id,
      before: { name: reward.name, cost: reward.cost, active: reward.active },
      after: null,
    }
  },
)
