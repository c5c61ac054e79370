import type { Knex } from 'knex'
import { listApiKeys, type ListedApiKey } from '../../api-keys/queries/list-api-keys.ts'
import { listTeamMembers, type TeamMember } from '../../accounts/queries/list-team-members.ts'
import type { MerchantScope } from '../../policies/scope.ts'
import { listPairableStores, type PairableStore } from './kiosks.ts'

const merchantName = async (db: Knex, merchantId: string) =>
  (await db('merchants').where('id', merchantId).first<{ name: string } | undefined>('name'))
    ?.name ?? ''

/** What the team page shows: the users, and the open stores a manager may be limited to. */
export type TeamPageData = {
  merchantName: string
  members: TeamMember[]
  stores: PairableStore[]
}

/** The team page (owners only: their scope is the whole merchant). */
export const loadTeamPage = async (db: Knex, scope: MerchantScope): Promise<TeamPageData> => {
  const [name, members, stores] = await Promise.all([
    merchantName(db, scope.merchantId),
    listTeamMembers(db, scope.merchantId),
    listPairableStores(db, scope),
  ])
  return { merchantName: name, members, stores }
}

export type ApiKeysPageData = { merchantName: string; keys: ListedApiKey[] }

/** The API keys page (owners only). */
export const loadApiKeysPage = async (db: Knex, scope: MerchantScope): Promise<ApiKeysPageData> => {
  const [name, keys] = await Promise.all([
    merchantName(db, scope.merchantId),
    listApiKeys(db, scope.merchantId),
  ])
  return { merchantName: name, keys }
}
