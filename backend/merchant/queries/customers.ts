import type { Knex } from 'knex'
import type {
  CustomerRecord,
  CustomerSearchPage,
  CustomerSearchQuery,
} from '../../../shared/schemas/customer-api.ts'
import { customerPolicies } from '../../policies/customers.ts'
import type { Principal } from '../../policies/principal.ts'
import { merchantScope } from '../../policies/scope.ts'
import {
  findMember,
  loadCustomerRecord,
  loadMerchantHistory,
  loadStoreVisits,
  searchCustomers,
} from '../../loyalty/customers/customer-queries.ts'
import type {
  MerchantLedgerEntry,
  StoreVisit,
} from '../../loyalty/customers/customer-presenters.ts'
import { loadCustomerSettings } from '../../loyalty/customers/customer-settings.ts'
import { loadMerchantPageFrame, type MerchantPageFrame } from './kiosks.ts'

export type CustomersPageData = MerchantPageFrame & {
  /** Every store of the merchant, for the home-store filter (members belong to the merchant). */
  allStores: { id: string; name: string }[]
  results: CustomerSearchPage
}

/** The Customers page: the search's page of members and the stores to filter by. */
export const loadCustomersPage = async (
  db: Knex,
  principal: Principal,
  query: CustomerSearchQuery,
): Promise<CustomersPageData> => {
  const scope = merchantScope(principal)
  const [frame, allStores, results] = await Promise.all([
    loadMerchantPageFrame(db, scope),
    db('stores').where('merchant_id', scope.merchantId).orderBy('name').select('id', 'name'),
    searchCustomers(db, scope.merchantId, query),
  ])
  return { ...frame, allStores, results }
}

export type CustomerPageData = MerchantPageFrame & {
  record: CustomerRecord
  visits: StoreVisit[]
  history: { entries: MerchantLedgerEntry[]; hasMore: boolean; page: number }
  /** What the signed-in user may do to this member (a store manager: their home stores only). */
  may: { change: boolean }
  /** The manager's largest adjustment; null: no limit (the owner). */
  adjustmentLimit: number | null
}

export const HISTORY_PER_PAGE = 20

/** One member's page: the card, the person, the stores visited, one page of history. */
export const loadCustomerPage = async (
  db: Knex,
  principal: Principal,
  number: string,
  page: number,
): Promise<CustomerPageData> => {
  const scope = merchantScope(principal)
  const member = await findMember(db, scope.merchantId, { number })
  const [frame, record, visits, history, settings] = await Promise.all([
    loadMerchantPageFrame(db, scope),
    loadCustomerRecord(db, scope.merchantId, number),
    loadStoreVisits(db, member.cardId),
    loadMerchantHistory(db, member.cardId, { page, per_page: HISTORY_PER_PAGE }),
    loadCustomerSettings(db, scope.merchantId),
  ])
  const owner = principal.kind === 'merchant_user' && principal.role === 'owner'
  return {
    ...frame,
    record,
    visits,
    history: { ...history, page },
    may: { change: customerPolicies['customer.update'](principal, member) },
    adjustmentLimit: owner ? null : settings.manager_adjustment_limit,
  }
}
