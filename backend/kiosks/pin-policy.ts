import { AppError } from '../errors.ts'

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

/** True for PINs anyone would try first: one repeated digit, a run up or down, a pattern. */
export const isTrivialPin = (pin: string): boolean => {
  if (/^(\d)\1+$/.test(pin)) return true
  const digits = [...pin].map(Number)
  const steps = digits.slice(1).map((d, i) => (d - digits[i]! + 10) % 10)
  if (steps.every((s) => s === 1) || steps.every((s) => s === 9)) return true
  if (COMMON.has(pin)) return true
  // A short block repeated (1212…, 123123, 4545…).
  for (let size = 1; size <= pin.length / 2; size++) {
    if (pin.length % size === 0 && pin.slice(0, size).repeat(pin.length / size) === pin) return true
  }
  return false
}

/** Refuses a PIN of the wrong length or one that is trivial to guess. */
export const assertAcceptablePin = (pin: string, length: number) => {
  if (!new RegExp(`^[0-9]{${length}}$`).test(pin))
    throw new AppError('PIN_INVALID_FORMAT', { min_length: length, max_length: length })
  if (isTrivialPin(pin)) throw new AppError('PIN_TOO_WEAK')
}
