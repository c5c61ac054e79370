// The rule for staff PINs the merchant gives (backend commands, the merchant's staff page and the
// kiosk agree on it): the merchant's length, digits only, and nothing anyone would try first.

/** Why a PIN is too easy to guess (PIN_TOO_WEAK `reason`, shown in the page's language). */
export const WEAK_PIN_REASONS = ['same_digit', 'sequence', 'repeated_pattern', 'common'] as const
export type WeakPinReason = (typeof WEAK_PIN_REASONS)[number]

const COMMON = new Set([
  '1212',
  '123123',
  '112233',
  '121212',
  '696969',
  '159753',
  '147258',
  '258456',
])

/** Why the PIN is trivial to guess, or null: one repeated digit, a run up or down, a pattern. */
export const weakPinReason = (pin: string): WeakPinReason | null => {
  if (/^(\d)\1+$/.test(pin)) return 'same_digit'
  const digits = [...pin].map(Number)
  // Runs wrap around (…8901…), up or down.
  const steps = digits.slice(1).map((d, i) => (d - digits[i]! + 10) % 10)
  if (steps.every((s) => s === 1) || steps.every((s) => s === 9)) return 'sequence'
  if (COMMON.has(pin)) return 'common'
  // A short block repeated (1212…, 123123, 4545…).
  for (let size = 1; size <= pin.length / 2; size++) {
    if (pin.length % size === 0 && pin.slice(0, size).repeat(pin.length / size) === pin)
      return 'repeated_pattern'
  }
  return null
}

export type PinProblem =
  { code: 'PIN_INVALID_FORMAT' } | { code: 'PIN_TOO_WEAK'; reason: WeakPinReason }

/** What is wrong with a new PIN for a merchant whose PINs have `length` digits, or null. */
export const pinProblem = (pin: string, length: number): PinProblem | null => {
  if (!new RegExp(`^[0-9]{${length}}$`).test(pin)) return { code: 'PIN_INVALID_FORMAT' }
  const reason = weakPinReason(pin)
  return reason ? { code: 'PIN_TOO_WEAK', reason } : null
}
