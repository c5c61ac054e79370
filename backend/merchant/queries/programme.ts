import type { Knex } from 'knex'
import type { Language } from '../../../shared/languages.ts'
import type { ProgrammeDetail, RewardDetail } from '../../../shared/schemas/programme-api.ts'
import { presentProgrammeDetail } from '../../loyalty/programme-presenters.ts'
import {
  findMerchantProgramme,
  listProgrammeRewards,
  programmeExtrasOf,
} from '../../loyalty/programme-queries.ts'
import { inStores, type MerchantScope } from '../../policies/scope.ts'

export type ProgrammePageData = {
  merchantName: string
  /** The names of a store manager's stores (the layout shows them). */
  storeNames: string[]
  programme: ProgrammeDetail
  rewards: RewardDetail[]
  /** The default languages of the merchant's open stores: terms are required in each. */
  storeLanguages: Language[]
}

/** What the Programme page shows: the merchant's programme, its rewards, and the layout's data. */
export const loadProgrammePage = async (
  db: Knex,
  scope: MerchantScope,
): Promise<ProgrammePageData> => {
  // The programme is read once; its rewards and what is shown beside it come from that row.
  const [merchant, stores, programme] = await Promise.all([
    db('merchants').where('id', scope.merchantId).first<{ name: string }>('name'),
    db('stores')
      .where('merchant_id', scope.merchantId)
      .modify(inStores('id', scope))
      .orderBy('name')
      .select<{ name: string }[]>('name'),
    findMerchantProgramme(db, scope.merchantId),
  ])
  const [extras, rewards] = await Promise.all([
    programmeExtrasOf(db, programme),
    listProgrammeRewards(db, programme),
  ])
  return {
    merchantName: merchant?.name ?? '',
    storeNames: stores.map((store) => store.name),
    programme: presentProgrammeDetail(programme, extras),
    rewards,
    storeLanguages: extras.storeLanguages,
  }
}
