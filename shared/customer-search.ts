import { CARD_NUMBER_LENGTH, normalizeCardNumber, parseCardNumber } from './card-number.ts'

/**
 * What a merchant typed in the customer search, and how it is looked up: a card number (twelve
 * digits, check digit verified: a mistyped digit is `check_digit`, never "no member"), an email
 * (anything with an @, by its beginning), a phone (a + or digits, compared by its digits), else
 * a name by its beginning.
 */
export type CustomerSearch =
  | { kind: 'all' }
  | { kind: 'number'; number: string }
  | { kind: 'invalid_number'; reason: 'format' | 'check_digit' }
  | { kind: 'email'; prefix: string }
  | { kind: 'phone'; digits: string }
  | { kind: 'name'; prefix: string }

const PHONE = /^\+?[0-9 ()./-]{4,24}$/

/** The digits (and a leading +) a phone is compared by; the database index uses the same. */
export const phoneDigits = (phone: string): string => phone.replace(/[^0-9+]/g, '')

export const classifyCustomerSearch = (input: string | undefined): CustomerSearch => {
  const text = (input ?? '').trim()
  if (!text) return { kind: 'all' }
  if (text.includes('@')) return { kind: 'email', prefix: text.toLowerCase() }
  const compact = normalizeCardNumber(text)
  if (/^[0-9]+$/.test(compact) && compact.length === CARD_NUMBER_LENGTH) {
    const parsed = parseCardNumber(compact)
    return parsed.ok
      ? { kind: 'number', number: parsed.number }
      : { kind: 'invalid_number', reason: parsed.reason }
  }
  if (PHONE.test(text) && phoneDigits(text).replace('+', '').length >= 4)
    return { kind: 'phone', digits: phoneDigits(text) }
  return { kind: 'name', prefix: text.toLowerCase() }
}
