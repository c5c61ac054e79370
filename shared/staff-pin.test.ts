import { describe, expect, it } from 'vitest'
import { pinProblem, weakPinReason } from './staff-pin.ts'

describe('staff PIN rule', () => {
  it('names why a PIN is too easy to guess', () => {
    expect(weakPinReason('000000')).toBe('same_digit')
    expect(weakPinReason('7777')).toBe('same_digit')
    expect(weakPinReason('123456')).toBe('sequence')
    expect(weakPinReason('654321')).toBe('sequence')
    expect(weakPinReason('890123')).toBe('sequence')
    expect(weakPinReason('4545')).toBe('repeated_pattern')
    expect(weakPinReason('123123')).toBe('common')
    expect(weakPinReason('147258')).toBe('common')
  })

  it('accepts ordinary PINs', () => {
    for (const pin of ['482913', '730518', '2749', '60381945'])
      expect(weakPinReason(pin)).toBeNull()
  })

  it('wants exactly the merchant’s number of digits', () => {
    expect(pinProblem('4829', 6)).toEqual({ code: 'PIN_INVALID_FORMAT' })
    expect(pinProblem('48291a', 6)).toEqual({ code: 'PIN_INVALID_FORMAT' })
    expect(pinProblem('222222', 6)).toEqual({ code: 'PIN_TOO_WEAK', reason: 'same_digit' })
    expect(pinProblem('482913', 6)).toBeNull()
  })
})
