import type { Knex } from 'knex'
import type { Language } from '../../../shared/languages.ts'
import type { ProgrammeDetail, RewardDetail } from '../../../shared/schemas/programme-api.ts'
import {
  listMerchantRewards,
  loadMerchantProgramme,
  storeLanguagesOf,
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
  const [merchant, stores, programme, rewards, storeLanguages] = await Promise.all([
    db('merchants').where('id', scope.merchantId).first<{ name: string }>('name'),
    db('stores')
      .where('merchant_id', scope.merchantId)
      .modify(inStores('id', scope))
      .orderBy('name')
      .select<{ name: string }[]>('name'),
    loadMerchantProgramme(db, scope.merchantId),
    listMerchantRewards(db, scope.merchantId),
    storeLanguagesOf(db, scope.merchantId),
  ])
  return {
    merchantName: merchant?.name ?? '',
    storeNames: stores.map((store) => store.name),
    programme,
    rewards,
    storeLanguages,
  }
}
