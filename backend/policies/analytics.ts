import { merchantStaff, type Rule } from './rules.ts'

/**
 * Analytics (/merchant/analytics and its CSV tables): the owner and the managers. The thing is
 * a store: a manager limited to some stores reads the figures of those stores only (the page
 * narrows every view to them; members by their home store, movements by the store they
 * happened in).
 */
export const analyticsPolicies = {
  'analytics.read': merchantStaff,
} satisfies Record<string, Rule>
