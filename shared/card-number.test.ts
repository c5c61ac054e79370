import { describe, it, expect } from 'vitest'
import {
  CARD_NUMBER_LENGTH,
  dammCheckDigit,
  formatCardNumber,
  normalizeCardNumber,
  parseCardNumber,
  randomCardNumber,
  withCheckDigit,
} from './card-number.ts'

const FIXED_SAMPLES = ['10000000000', '48291037556', '99999999999', '12345678901', '50505050505']
  .map(withCheckDigit)
  .concat(Array.from({ length: 50 }, randomCardNumber))

const replaceAt = (value: string, index: number, char: string): string =>
  value.slice(0, index) + char + value.slice(index + 1)

describe('dammCheckDigit', () => {
  it('matches the published example (572 → 4)', () => {
    expect(dammCheckDigit('572')).toBe(4)
    expect(dammCheckDigit('5724')).toBe(0)
  })

  it('refuses anything but ASCII digits', () => {
    expect(() => dammCheckDigit('12a')).toThrow(RangeError)
    expect(() => dammCheckDigit('١٢٣')).toThrow(RangeError)
  })
})

describe('withCheckDigit', () => {
  it('appends one digit that makes the number valid', () => {
    const number = withCheckDigit('48291037556')
    expect(number).toHaveLength(CARD_NUMBER_LENGTH)
    expect(number.startsWith('48291037556')).toBe(true)
    expect(parseCardNumber(number)).toEqual({ ok: true, number })
  })

  it('refuses payloads that are not exactly 11 digits', () => {
    expect(() => withCheckDigit('4829103755')).toThrow(RangeError)
    expect(() => withCheckDigit('482910375561')).toThrow(RangeError)
    expect(() => withCheckDigit('4829103755x')).toThrow(RangeError)
  })
})

describe('parseCardNumber', () => {
  it('rejects every single-digit substitution', () => {
    for (const number of FIXED_SAMPLES) {
      for (let i = 0; i < number.length; i++) {
        for (let d = 0; d <= 9; d++) {
          if (String(d) === number[i]) continue
          expect(parseCardNumber(replaceAt(number, i, String(d)))).toEqual({
            ok: false,
            code: 'INVALID_CARD_NUMBER',
            reason: 'check_digit',
          })
        }
      }
    }
  })

  it('rejects every adjacent transposition, including with the check digit', () => {
    let checked = 0
    for (const number of FIXED_SAMPLES) {
      for (let i = 0; i < number.length - 1; i++) {
        const a = number[i]!
        const b = number[i + 1]!
        if (a === b) continue
        const swapped = number.slice(0, i) + b + a + number.slice(i + 2)
        expect(parseCardNumber(swapped).ok, `${number} → ${swapped}`).toBe(false)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(100)
  })

  it('accepts a number typed with spaces, dashes, dots and a scanner line ending', () => {
    const number = withCheckDigit('48291037556')
    const typed = ` ${number.slice(0, 4)}-${number.slice(4, 8)}.${number.slice(8)}\r\n`
    expect(parseCardNumber(typed)).toEqual({ ok: true, number })
  })

  it('reports a format problem for wrong length or non-digits', () => {
    for (const input of ['', '4829103755', '4829103755612', '48291037556a', 'card']) {
      expect(parseCardNumber(input)).toEqual({
        ok: false,
        code: 'INVALID_CARD_NUMBER',
        reason: 'format',
      })
    }
  })
})

describe('randomCardNumber', () => {
  const numbers = Array.from({ length: 2000 }, randomCardNumber)

  it('produces valid 12-digit numbers that never start with 0', () => {
    for (const number of numbers) {
      expect(number).toMatch(/^[1-9][0-9]{11}$/)
      expect(parseCardNumber(number)).toEqual({ ok: true, number })
    }
  })

  it('uses every digit in every payload position', () => {
    for (let position = 0; position < 11; position++) {
      const seen = new Set(numbers.map((n) => n[position]))
      expect(seen.size).toBe(position === 0 ? 9 : 10)
    }
  })

  it('does not repeat itself', () => {
    expect(new Set(numbers).size).toBe(numbers.length)
  })
})

describe('formatCardNumber and normalizeCardNumber', () => {
  it('prints groups of four', () => {
    expect(formatCardNumber('482910375561')).toBe('4829 1037 5561')
  })

  it('round-trips through normalize', () => {
    for (const number of FIXED_SAMPLES) {
      const printed = formatCardNumber(number)
      expect(printed).toMatch(/^\d{4} \d{4} \d{4}$/)
      expect(normalizeCardNumber(printed)).toBe(number)
      expect(formatCardNumber(printed)).toBe(printed)
      expect(parseCardNumber(printed)).toEqual({ ok: true, number })
    }
  })

  it('strips surrounding whitespace, tabs and CR/LF', () => {
    expect(normalizeCardNumber('\t 4829 1037 5561 \r\n')).toBe('482910375561')
    expect(normalizeCardNumber('4829\u00a01037\u20135561')).toBe('482910375561')
  })
})
