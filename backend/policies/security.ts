import { isAdmin, merchantStaff, type Rule } from './rules.ts'

/**
 * Who signs in how. Every merchant user may turn the second factor on (or off) for their own
 * account (`second_factor.manage`; the page acts on the signed-in user only, so there is no
 * thing to check). The platform's admins are managed by admins: the list, invitations and
 * deactivation (`admin.*`).
 */
export const securityPolicies = {
  'second_factor.manage': merchantStaff,
  'admin.read': isAdmin,
  'admin.invite': isAdmin,
  'admin.deactivate': isAdmin,
} satisfies Record<string, Rule>
