import { describe, expect, it } from 'vitest'
import { isTrivialPin, pinFieldErrors } from './pin-policy.ts'

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

  it('names a wrong length invalid_format and a weak PIN by its reason', () => {
    const codeOf = (pin: unknown) => pinFieldErrors(pin, 6)[0]?.code ?? 'OK'
    expect(codeOf('4829')).toBe('invalid_format')
    expect(codeOf('48291a')).toBe('invalid_format')
    expect(codeOf(undefined)).toBe('invalid_format')
    expect(codeOf('222222')).toBe('same_digit')
    expect(codeOf('482913')).toBe('OK')
  })
})
