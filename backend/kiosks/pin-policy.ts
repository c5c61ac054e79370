import type { FieldError } from '../../shared/errors.ts'
import { pinProblem } from '../../shared/staff-pin.ts'

/**
 * The field error of a new PIN — `invalid_format` (not the merchant's length of digits) or why
 * it is too weak (`same_digit`, `sequence`, …) — or none.
 */
export const pinFieldErrors = (pin: unknown, length: number, path = 'pin'): FieldError[] => {
  if (typeof pin !== 'string') return [{ path, code: 'invalid_format' }]
  const problem = pinProblem(pin, length)
  if (!problem) return []
  return [{ path, code: problem.code === 'PIN_TOO_WEAK' ? problem.reason : 'invalid_format' }]
}
