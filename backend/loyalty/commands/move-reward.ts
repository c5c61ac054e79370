import type { Knex } from 'knex'
import type { Actor } from '../../auth/actor.ts'
import { audited } from '../../audit/audited.ts'
import { editConflict, versionedUpdate } from '../../db/versioned-update.ts'
import type { RewardRow } from '../models.ts'
import { findMerchantReward } from '../programme-queries.ts'

/**
 * Moves a reward one place up or down the catalogue (from the version the merchant saw): it
 * swaps places with its neighbour, and both get a new version. At either end it stays put.
 */
export const moveReward = audited(
  'reward.move',
  async (
    trx: Knex.Transaction,
    props: {
      actor: Actor
      merchantId: string
      rewardId: string
      version: number
      direction: 'up' | 'down'
    },
  ) => {
    const reward = await findMerchantReward(trx, props.merchantId, props.rewardId)
    const siblings: RewardRow[] = await trx('rewards')
      .where('programme_id', reward.programme_id)
      .orderBy([{ column: 'position' }, { column: 'cost' }, { column: 'id' }])
      .forUpdate()
      .select('*')
    const index = siblings.findIndex((sibling) => sibling.id === reward.id)
    // Checked on the locked row even when it cannot move: a stale form never passes silently.
    const locked = siblings[index]!
    if (locked.version !== props.version)
      throw editConflict(
        { subject: 'reward', merchantId: props.merchantId, id: reward.id, version: props.version },
        locked.version,
      )
    const other = siblings[props.direction === 'up' ? index - 1 : index + 1]
    const unchanged = {
      value: undefined,
      subjectType: 'reward',
      subjectId: reward.id,
      before: { position: index },
      after: { position: index },
    }
    if (!other) return unchanged
    // Positions are rewritten as 0..n-1 so equal positions (older data) still move.
    const order = siblings.map((sibling) => sibling.id)
    const otherIndex = order.indexOf(other.id)
    order[index] = other.id
    order[otherIndex] = reward.id
    for (const [position, id] of order.entries()) {
      if (id === reward.id)
        await versionedUpdate(trx, {
          subject: 'reward',
          merchantId: props.merchantId,
          id,
          version: props.version,
          changes: { position },
        })
      else if (siblings.find((sibling) => sibling.id === id)!.position !== position)
        await trx('rewards')
          .where('id', id)
          .update({ position, version: trx.raw('version + 1'), updated_at: trx.fn.now() })
    }
    return { ...unchanged, after: { position: otherIndex } }
  },
)
