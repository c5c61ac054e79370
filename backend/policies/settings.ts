import { merchantOwner, type Rule } from './rules.ts'

/**
 * The merchant's own settings (PIN length, kiosk idle lock, the language of its emails): they
 * change every store and every kiosk at once, so only the owner reads and changes them.
 */
export const settingsPolicies = {
  'settings.read': merchantOwner,
  'settings.update': merchantOwner,
} satisfies Record<string, Rule>
