import { AppError } from '../errors.ts'
import { pinProblem, weakPinReason } from '../../shared/staff-pin.ts'

/** True for PINs anyone would try first (shared/staff-pin.ts says why). */
export const isTrivialPin = (pin: string): boolean => weakPinReason(pin) !== null

/** Refuses a PIN of the wrong length or one that is trivial to guess (with the reason). */
export const assertAcceptablePin = (pin: string, length: number) => {
  const problem = pinProblem(pin, length)
  if (problem?.code === 'PIN_INVALID_FORMAT')
    throw new AppError('PIN_INVALID_FORMAT', { min_length: length, max_length: length })
  if (problem?.code === 'PIN_TOO_WEAK')
    throw new AppError('PIN_TOO_WEAK', { reason: problem.reason })
}
