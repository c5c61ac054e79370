import { describe, expect, it } from 'vitest'
import { pinFieldErrors } from './pin-policy.ts'

describe('PIN policy', () => {
  it('names a wrong length invalid_format and a weak PIN by its reason', () => {
    const codeOf = (pin: unknown) => pinFieldErrors(pin, 6)[0]?.code ?? 'OK'
    expect(codeOf('4829')).toBe('invalid_format')
    expect(codeOf('48291a')).toBe('invalid_format')
    expect(codeOf(undefined)).toBe('invalid_format')
    expect(codeOf('222222')).toBe('same_digit')
    expect(codeOf('482913')).toBe('OK')
  })
})
