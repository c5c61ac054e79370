import { merchantOwner, merchantStaff, type Rule } from './rules.ts'

/** The merchant back office: the dashboard for every owner and manager, the team for owners. */
export const merchantPolicies = {
  'merchant.overview.read': merchantStaff,
  'team.invite': merchantOwner,
} satisfies Record<string, Rule>
