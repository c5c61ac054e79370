import { AppError } from '../errors.ts'
import { cardPolicies } from './cards.ts'
import { kioskPolicies } from './kiosks.ts'
import { memberPolicies } from './members.ts'
import { merchantPolicies } from './merchants.ts'
import { platformPolicies } from './platform.ts'
import type { Principal } from './principal.ts'
import { programmePolicies } from './programmes.ts'
import { publicPolicies } from './public.ts'
import { staffPolicies } from './staff.ts'
import { teamPolicies } from './team.ts'
import { storePolicies } from './stores.ts'
import type { Rule } from './rules.ts'
import { categoryPolicies } from './categories.ts'
import { settingsPolicies } from './settings.ts'
import { customerPolicies } from './customers.ts'
import { securityPolicies } from './security.ts'
import { alertPolicies } from './alerts.ts'
import { analyticsPolicies } from './analytics.ts'
import { exportPolicies } from './exports.ts'
import { webhookPolicies } from './webhooks.ts'

/**
 * Every action anyone can take, with the rule that decides it (Outline's server/policies):
 * routes name their action when they are declared (API and pages), handlers and commands ask
 * again with the thing at hand, and queries scope by the same rules (merchantScope).
 */
export const POLICIES = {
  ...publicPolicies,
  ...memberPolicies,
  ...cardPolicies,
  ...kioskPolicies,
  ...merchantPolicies,
  ...platformPolicies,
  ...programmePolicies,
  ...staffPolicies,
  ...categoryPolicies,
  ...settingsPolicies,
  ...teamPolicies,
  ...storePolicies,
  ...customerPolicies,
  ...securityPolicies,
  ...alertPolicies,
  ...analyticsPolicies,
  ...exportPolicies,
  ...webhookPolicies,
} satisfies Record<string, Rule>

export type Action = keyof typeof POLICIES

export const ACTIONS = Object.keys(POLICIES) as Action[]

/** The thing an action is about, as its rule takes it (undefined: the action in general). */
export type SubjectOf<A extends Action> = Parameters<(typeof POLICIES)[A]>[1]

/**
 * May the principal do the action — on this subject, or (without one) on anything at all?
 * The second form is the route's gate: a manager may revoke kiosks, though not every kiosk.
 */
export const can = <A extends Action>(
  principal: Principal,
  action: A,
  subject?: SubjectOf<A>,
): boolean => (POLICIES[action] as (p: Principal, s?: SubjectOf<A>) => boolean)(principal, subject)

/**
 * Throws unless the principal may: UNAUTHENTICATED for nobody, FORBIDDEN for someone who may
 * never do this, NOT_FOUND for a subject outside their reach (another merchant's kiosk, a
 * store a manager does not run) — they do not learn that it exists.
 */
export const authorize = <A extends Action>(
  principal: Principal,
  action: A,
  subject?: SubjectOf<A>,
): void => {
  if (!can(principal, action))
    throw new AppError(principal.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN')
  if (subject !== undefined && !can(principal, action, subject)) throw new AppError('NOT_FOUND')
}
