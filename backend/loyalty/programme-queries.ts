import type { Language } from '../../shared/languages.ts'
import type { ProgrammeDetail, RewardDetail } from '../../shared/schemas/programme-api.ts'
import type { Queryable } from '../db/transaction.ts'
import { AppError } from '../errors.ts'
import { loadMerchantKioskSettings } from '../kiosks/merchant-settings.ts'
import type { ProgrammeRow, RewardRow } from './models.ts'
import {
  presentProgrammeDetail,
  presentRewardDetail,
  type ProgrammeExtras,
} from './programme-presenters.ts'

/**
 * The merchant's programme: the live one (active or paused; at most one), else the newest
 * draft. NOT_FOUND when the merchant has none.
 */
export const findMerchantProgramme = async (
  db: Queryable,
  merchantId: string,
  options: { forUpdate?: boolean } = {},
): Promise<ProgrammeRow> => {
  const query = db('programmes')
    .where('merchant_id', merchantId)
    .orderByRaw(`(status IN ('active', 'paused')) DESC, created_at DESC`)
    .first<ProgrammeRow | undefined>('*')
  const programme = await (options.forUpdate ? query.forUpdate() : query)
  if (!programme) throw new AppError('NOT_FOUND')
  return programme
}

/** The default languages of the merchant's open stores, in a stable order. */
export const storeLanguagesOf = async (db: Queryable, merchantId: string): Promise<Language[]> => {
  const rows: { default_language: Language }[] = await db('stores')
    .where({ merchant_id: merchantId, active: true })
    .distinct('default_language')
    .orderBy('default_language')
  return rows.map((row) => row.default_language)
}

/** Cards in the programme: once there is one, its type (points or stamps) is fixed. */
export const countProgrammeMembers = async (db: Queryable, programmeId: string) => {
  const row = await db('cards')
    .where('programme_id', programmeId)
    .count<{ n: string }>('* as n')
    .first()
  return Number(row?.n ?? 0)
}

/**
 * What the page and the API show beside the programme — its members, the offline limits, the
 * store languages — read once: the commands decide with them and present the answer with them.
 */
export const programmeExtrasOf = async (
  db: Queryable,
  programme: ProgrammeRow,
): Promise<ProgrammeExtras> => {
  // One after the other: `db` may be a transaction, which runs one query at a time.
  const members = await countProgrammeMembers(db, programme.id)
  const settings = await loadMerchantKioskSettings(db, programme.merchant_id)
  const storeLanguages = await storeLanguagesOf(db, programme.merchant_id)
  return {
    members,
    offlineLimits: {
      max_offline_minutes_for_redemptions: settings.max_offline_minutes_for_redemptions,
      max_offline_redemption_points: settings.max_offline_redemption_points,
    },
    storeLanguages,
  }
}

export const loadMerchantProgramme = async (
  db: Queryable,
  merchantId: string,
): Promise<ProgrammeDetail> => {
  const programme = await findMerchantProgramme(db, merchantId)
  return presentProgrammeDetail(programme, await programmeExtrasOf(db, programme))
}

/** Ledger entries that name the reward: with any, it can be deactivated but not deleted. */
export const countRewardUses = async (db: Queryable, rewardId: string) => {
  const row = await db('ledger_entries')
    .where('reward_id', rewardId)
    .count<{ n: string }>('* as n')
    .first()
  return Number(row?.n ?? 0)
}

/** The catalogue of the merchant's programme, in the order members and kiosks see it. */
export const listMerchantRewards = async (
  db: Queryable,
  merchantId: string,
): Promise<RewardDetail[]> => listProgrammeRewards(db, await findMerchantProgramme(db, merchantId))

/** The catalogue of a programme already read, in the order members and kiosks see it. */
export const listProgrammeRewards = async (
  db: Queryable,
  programme: Pick<ProgrammeRow, 'id' | 'merchant_id'>,
): Promise<RewardDetail[]> => {
  const rewards: (RewardRow & { in_use: boolean })[] = await db('rewards as r')
    .where({ 'r.merchant_id': programme.merchant_id, 'r.programme_id': programme.id })
    .orderBy([{ column: 'r.position' }, { column: 'r.cost' }])
    .select(
      'r.*',
      db.raw('EXISTS (SELECT 1 FROM ledger_entries e WHERE e.reward_id = r.id) AS in_use'),
    )
  return rewards.map((reward) => presentRewardDetail(reward, reward.in_use))
}

export const findMerchantReward = async (
  db: Queryable,
  merchantId: string,
  rewardId: string,
  options: { forUpdate?: boolean } = {},
): Promise<RewardRow> => {
  const query = db('rewards').where({ id: rewardId, merchant_id: merchantId })
  if (options.forUpdate) void query.forUpdate()
  const reward = await query.first<RewardRow | undefined>('*')
  if (!reward) throw new AppError('REWARD_NOT_FOUND')
  return reward
}
