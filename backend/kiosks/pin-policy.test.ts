import { describe, expect, it } from 'vitest'
import type { AppError } from '../errors.ts'
import { assertAcceptablePin, isTrivialPin } from './pin-policy.ts'

describe('PIN policy', () => {
  it('refuses PINs anyone would try first', () => {
    for (const pin of [
      '000000',
      '111111',
      '123456',
      '654321',
      '890123',
      '121212',
      '123123',
      '4545',
      '1234',
    ]) {
      expect(isTrivialPin(pin), pin).toBe(true)
    }
  })

  it('accepts ordinary PINs', () => {
    for (const pin of ['482913', '730518', '2749', '60381945'])
      expect(isTrivialPin(pin), pin).toBe(false)
  })

  it('answers a wrong length with PIN_INVALID_FORMAT and a weak PIN with PIN_TOO_WEAK', () => {
    const codeOf = (pin: string) => {
      try {
        assertAcceptablePin(pin, 6)
        return 'OK'
      } catch (error) {
        return (error as AppError).code
      }
    }
    expect(codeOf('4829')).toBe('PIN_INVALID_FORMAT')
    expect(codeOf('48291a')).toBe('PIN_INVALID_FORMAT')
    expect(codeOf('222222')).toBe('PIN_TOO_WEAK')
    expect(codeOf('482913')).toBe('OK')
  })
})
