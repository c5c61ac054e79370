import type { Knex } from 'knex'
import type { RewardCreateBody, RewardDetail } from '../../../shared/schemas/programme-api.ts'
import type { Actor } from '../../auth/actor.ts'
import { audited } from '../../audit/audited.ts'
import type { RewardRow } from '../models.ts'
import { findMerchantProgramme } from '../programme-queries.ts'
import { presentRewardDetail } from '../programme-presenters.ts'

/**
 * Adds a reward to the merchant's programme, last in the catalogue (move-reward.ts reorders).
 * Kiosks learn it at their next sync (rewards are sent whole).
 */
export const createReward = audited(
  'reward.create',
  async (
    trx: Knex.Transaction,
    props: { actor: Actor; merchantId: string; reward: RewardCreateBody },
  ) => {
    const programme = await findMerchantProgramme(trx, props.merchantId, { forUpdate: true })
    const last = await trx('rewards')
      .where('programme_id', programme.id)
      .max<{ max: number | null }>('position as max')
      .first()
    const [inserted] = (await trx('rewards')
      .insert({
        merchant_id: props.merchantId,
        programme_id: programme.id,
        name: JSON.stringify(props.reward.name),
        description: JSON.stringify(props.reward.description ?? {}),
        cost: props.reward.cost,
        active: props.reward.active ?? true,
        position: (last?.max ?? -1) + 1,
      })
      .returning('*')) as RewardRow[]
    const row = inserted!
    const value: RewardDetail = presentRewardDetail(row, false)
    const { in_use: _inUse, ...after } = value
    return { value, subjectType: 'reward', subjectId: row.id, before: null, after }
  },
)
