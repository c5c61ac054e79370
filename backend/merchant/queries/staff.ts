import type { Knex } from 'knex'
import { loadMerchantKioskSettings } from '../../kiosks/merchant-settings.ts'
import { listStaffMembers, type StaffMember } from '../../kiosks/queries/staff.ts'
import type { MerchantScope } from '../../policies/scope.ts'
import { loadMerchantPageFrame, type PairableStore } from './kiosks.ts'

/** Everything the staff page shows. */
export type StaffPageData = {
  merchantName: string
  /** The names of the scope's stores (for a store manager's role line). */
  storeNames: string[]
  /** The scope's open stores: where a new cashier may work. */
  stores: PairableStore[]
  staff: StaffMember[]
  pinLength: number
}

export const loadStaffPage = async (db: Knex, scope: MerchantScope): Promise<StaffPageData> => {
  const [frame, staff, settings] = await Promise.all([
    loadMerchantPageFrame(db, scope),
    listStaffMembers(db, scope),
    loadMerchantKioskSettings(db, scope.merchantId),
  ])
  return { ...frame, staff, pinLength: settings.pin_length }
}
