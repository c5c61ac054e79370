import type { PrincipalOf } from './principal.ts'
import { merchantApiKey, type Principal, type Rule } from './rules.ts'

/** A cashier (kiosk staff member): their merchant and the stores whose kiosks they unlock. */
export type StaffThing = { merchantId: string; storeIds: readonly string[] }

const runsStores = (user: PrincipalOf<'merchant_user'>, staff: StaffThing, every: boolean) => {
  if (staff.merchantId !== user.merchantId) return false
  if (user.storeIds === null) return true
  const mine = user.storeIds
  // A cashier of no store yet is merchant-wide: only a merchant-wide user reaches them.
  if (staff.storeIds.length === 0) return false
  return every
    ? staff.storeIds.every((id) => mine.includes(id))
    : staff.storeIds.some((id) => mine.includes(id))
}

/** Owners, managers and the merchant's API key see the cashiers of the stores they run (a manager limited to some: those). */
const seesStaff = (principal: Principal, staff?: StaffThing): boolean =>
  (principal.kind === 'merchant_user' && (!staff || runsStores(principal, staff, false))) ||
  merchantApiKey(principal, staff)

/**
 * Owners, managers and the merchant's API key manage cashiers; a manager limited to some stores only cashiers who work
 * in those stores alone: a PIN or lock changes every kiosk the cashier unlocks.
 */
const managesStaff = (principal: Principal, staff?: StaffThing): boolean =>
  (principal.kind === 'merchant_user' && (!staff || runsStores(principal, staff, true))) ||
  merchantApiKey(principal, staff)

/** Cashiers and their kiosk PINs (the merchant's staff page, the staff API). */
export const staffPolicies = {
  'staff.read': seesStaff,
  'staff.create': managesStaff,
  'staff.update': managesStaff,
  'staff.pin.set': managesStaff,
  'staff.pin.unlock': managesStaff,
} satisfies Record<string, Rule>
