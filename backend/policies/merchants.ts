import {
  merchantOwner,
  merchantStaff,
  type MerchantThing,
  type Principal,
  type Rule,
} from './rules.ts'

/** The merchant back office: the dashboard for every owner and manager, the team for owners. */
export const merchantPolicies = {
  'merchant.overview.read': merchantStaff,
  'team.invite': merchantOwner,
  /**
   * The merchant's own audit trail (who adjusted, reversed, decided, changed settings): its
   * rows name no store, so only those who answer for the whole merchant read it — the owner and
   * merchant-wide managers.
   */
  'activity.read': (principal: Principal, thing?: MerchantThing) =>
    principal.kind === 'merchant_user' &&
    principal.storeIds === null &&
    merchantStaff(principal, thing),
} satisfies Record<string, Rule>
