import { merchantKiosk, merchantStaff, type Rule } from './rules.ts'

/**
 * Kiosks: owners and managers see, pair and revoke the kiosks of the stores they run (a
 * manager limited to some stores: those stores only); a paired kiosk syncs as itself.
 */
export const kioskPolicies = {
  'kiosk.read': merchantStaff,
  'kiosk.pair': merchantStaff,
  'kiosk.revoke': merchantStaff,
  'kiosk.sync': merchantKiosk,
  /** Operations a kiosk could not apply offline, waiting for the merchant. */
  'review.read': merchantStaff,
} satisfies Record<string, Rule>
