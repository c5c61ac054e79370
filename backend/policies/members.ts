import { theMember, type Rule } from './rules.ts'

/** A member's own account on the storefront: only they may read, change, export or delete it. */
export const memberPolicies = {
  'member.account.read': theMember,
  'member.profile.update': theMember,
  'member.data.export': theMember,
  'member.account.delete': theMember,
} satisfies Record<string, Rule>
