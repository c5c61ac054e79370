import { merchantOwner, type Rule } from './rules.ts'

/**
 * The merchant's back office itself: its users (the team page: roles, stores, removal; the
 * invitation form is `team.invite` in merchants.ts) and its API keys. Owners only: a manager
 * who could grant roles or mint keys could make themself an owner. Keys never manage keys.
 */
export const teamPolicies = {
  'team.read': merchantOwner,
  'team.update': merchantOwner,
  'team.remove': merchantOwner,
  'api_key.read': merchantOwner,
  'api_key.create': merchantOwner,
  'api_key.revoke': merchantOwner,
} satisfies Record<string, Rule>
