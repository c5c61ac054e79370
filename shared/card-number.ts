/**
 * Card numbers: 11 digits plus one Damm check digit. Damm (a weakly totally anti-symmetric
 * quasigroup) catches every single-digit error and every adjacent transposition, which are the
 * two mistakes people make when they read a number off a card and type it.
 */

export const CARD_NUMBER_LENGTH = 12

const PAYLOAD_LENGTH = CARD_NUMBER_LENGTH - 1

// The quasigroup of order 10 from H. Michael Damm's thesis (2004).
const DAMM_TABLE: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
]

const DIGITS = /^[0-9]*$/

/** The Damm check digit of a string of ASCII digits; 0 when the string already ends in a valid one. */
export const dammCheckDigit = (digits: string): number => {
  if (!DIGITS.test(digits)) throw new RangeError('dammCheckDigit expects ASCII digits only')
  let interim = 0
  for (const char of digits) {
    interim = DAMM_TABLE[interim]![Number(char)]!
  }
  return interim
}

/** Appends the Damm check digit to an 11-digit payload. */
export const withCheckDigit = (payload11: string): string => {
  if (payload11.length !== PAYLOAD_LENGTH || !DIGITS.test(payload11)) {
    throw new RangeError(`withCheckDigit expects exactly ${PAYLOAD_LENGTH} digits`)
  }
  return `${payload11}${dammCheckDigit(payload11)}`
}

// Rejection sampling keeps every digit equally likely: bytes >= 250 would favour 0–5.
const randomDigits = (count: number, firstNonZero: boolean): string => {
  let out = ''
  const bytes = new Uint8Array(count * 2)
  while (out.length < count) {
    globalThis.crypto.getRandomValues(bytes)
    for (const byte of bytes) {
      if (out.length === count) break
      if (byte >= 250) continue
      const digit = byte % 10
      if (firstNonZero && out.length === 0 && digit === 0) continue
      out += String(digit)
    }
  }
  return out
}

/**
 * A fresh, valid card number from the platform's CSPRNG. The first digit is never 0 so that
 * spreadsheets and phone keypads cannot drop it.
 */
export const randomCardNumber = (): string => withCheckDigit(randomDigits(PAYLOAD_LENGTH, true))

// Separators people and scanners put in numbers: whitespace (incl. no-break space), dots and
// the hyphen/dash family (typed or pasted from a formatted e-mail).
const SEPARATORS = /[\s.\-\u2010-\u2015\u2212]/g

/** Strips whitespace (including CR/LF/TAB from scanners), dots and dashes. */
export const normalizeCardNumber = (input: string): string => input.replace(SEPARATORS, '')

export type CardNumberParse =
  | { ok: true; number: string }
  | { ok: false; code: 'INVALID_CARD_NUMBER'; reason: 'format' | 'check_digit' }

/** Normalizes then validates length, digits and the check digit. */
export const parseCardNumber = (input: string): CardNumberParse => {
  const number = normalizeCardNumber(input)
  if (number.length !== CARD_NUMBER_LENGTH || !DIGITS.test(number)) {
    return { ok: false, code: 'INVALID_CARD_NUMBER', reason: 'format' }
  }
  if (dammCheckDigit(number) !== 0) {
    return { ok: false, code: 'INVALID_CARD_NUMBER', reason: 'check_digit' }
  }
  return { ok: true, number }
}

/** Groups of four separated by spaces, as printed on the card: "4829 1037 5561". */
export const formatCardNumber = (number: string): string =>
  normalizeCardNumber(number).replace(/(.{4})(?=.)/g, '$1 ')
