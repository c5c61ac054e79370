import { isAdmin, type Rule } from './rules.ts'

/** The platform administration: platform admins only. */
export const platformPolicies = {
  'platform.overview.read': isAdmin,
  'routing.diagnose': isAdmin,
  'email.log.read': isAdmin,
  'email.resend': isAdmin,
  'email.settings.manage': isAdmin,
  'email.templates.manage': isAdmin,
  'mailbox.read': isAdmin,
  'platform.manage': isAdmin,
  'merchant.manage': isAdmin,
  'merchant.suspend': isAdmin,
  'store.setup': isAdmin,
  'audit.read': isAdmin,
  'wallet.settings.manage': isAdmin,
} satisfies Record<string, Rule>
