import type { Knex } from 'knex'
import { DEFAULT_LANGUAGE, type Language } from '../../../shared/languages.ts'
import { listApiKeys, type ListedApiKey } from '../../api-keys/queries/list-api-keys.ts'
import { listTeamMembers, type TeamMember } from '../../accounts/queries/list-team-members.ts'
import type { MerchantScope } from '../../policies/scope.ts'
import { listPairableStores, type PairableStore } from './kiosks.ts'

const merchantOf = async (db: Knex, merchantId: string) => {
  const row = await db('merchants')
    .where('id', merchantId)
    .first<{ name: string; default_language: Language } | undefined>('name', 'default_language')
  return { name: row?.name ?? '', emailLanguage: row?.default_language ?? DEFAULT_LANGUAGE }
}

/** The merchant's name, for the frame of an owner's page (webhooks). */
export const loadMerchantName = async (db: Knex, merchantId: string): Promise<string> =>
  (await merchantOf(db, merchantId)).name

/** What the team page shows: the users, and the open stores a manager may be limited to. */
export type TeamPageData = {
  merchantName: string
  /** The language of the merchant's emails: the invitation form's first choice. */
  emailLanguage: Language
  members: TeamMember[]
  stores: PairableStore[]
}

/** The team page (owners only: their scope is the whole merchant). */
export const loadTeamPage = async (db: Knex, scope: MerchantScope): Promise<TeamPageData> => {
  const [merchant, members, stores] = await Promise.all([
    merchantOf(db, scope.merchantId),
    listTeamMembers(db, scope.merchantId),
    listPairableStores(db, scope),
  ])
  return { merchantName: merchant.name, emailLanguage: merchant.emailLanguage, members, stores }
}

export type ApiKeysPageData = { merchantName: string; keys: ListedApiKey[] }

/** The API keys page (owners only). */
export const loadApiKeysPage = async (db: Knex, scope: MerchantScope): Promise<ApiKeysPageData> => {
  const [merchant, keys] = await Promise.all([
    merchantOf(db, scope.merchantId),
    listApiKeys(db, scope.merchantId),
  ])
  return { merchantName: merchant.name, keys }
}
