import type { Knex } from 'knex'
import type { RewardDetail, RewardPatchBody } from '../../../shared/schemas/programme-api.ts'
import type { Actor } from '../../auth/actor.ts'
import { audited } from '../../audit/audited.ts'
import { versionedUpdate } from '../../db/versioned-update.ts'
import type { RewardRow } from '../models.ts'
import { countRewardUses, findMerchantReward } from '../programme-queries.ts'
import { presentRewardDetail } from '../programme-presenters.ts'

const fieldsOf = (reward: RewardRow) => ({
  name: reward.name,
  description: reward.description,
  cost: reward.cost,
  active: reward.active,
})

/**
 * Changes a reward from the version the merchant saw (names, cost, active; its place in the
 * catalogue changes only by move-reward.ts).
 * Deactivating is how a reward that was already redeemed leaves the catalogue.
 */
export const updateReward = audited(
  'reward.update',
  async (
    trx: Knex.Transaction,
    props: { actor: Actor; merchantId: string; rewardId: string; patch: RewardPatchBody },
  ) => {
    const { version, ...patch } = props.patch
    const current = await findMerchantReward(trx, props.merchantId, props.rewardId)
    const updated = await versionedUpdate<RewardRow>(trx, {
      subject: 'reward',
      merchantId: props.merchantId,
      id: current.id,
      version,
      changes: {
        ...patch,
        ...(patch.name ? { name: JSON.stringify(patch.name) } : {}),
        ...(patch.description ? { description: JSON.stringify(patch.description) } : {}),
      },
    })
    const value: RewardDetail = presentRewardDetail(
      updated,
      (await countRewardUses(trx, updated.id)) > 0,
    )
    return {
      value,
      subjectType: 'reward',
      subjectId: current.id,
      before: fieldsOf(current),
      after: fieldsOf(updated),
    }
  },
)
