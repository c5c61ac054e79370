/**
 * What a barcode scanner or a phone camera hands us when it reads a card: the bare number
 * (often with the scanner's CR/LF/TAB suffix) or the URL printed in the card's QR code.
 */
import { parseCardNumber } from './card-number.ts'

export const CARD_PATH_SEGMENT = 'c'

export type ScanPayload =
  { ok: true; kind: 'card'; number: string } | { ok: false; code: 'INVALID_CARD_NUMBER' }

const INVALID = { ok: false, code: 'INVALID_CARD_NUMBER' } as const

/** The path of a card's public page, as encoded in its QR code: `/c/<number>`. */
export const cardPath = (number: string): string =>
  `/${CARD_PATH_SEGMENT}/${encodeURIComponent(number)}`

/** What a card's QR code encodes: its page on the store's site (card page, email, wallet pass). */
export const cardQrPayload = (storeHomeUrl: string, number: string): string =>
  `${storeHomeUrl.replace(/\/$/, '')}${cardPath(number)}`

const decode = (component: string): string | null => {
  try {
    return decodeURIComponent(component)
  } catch {
    return null
  }
}

// QR generators may upper-case a URL to use the denser alphanumeric mode, so the scheme, the
// `c` segment and the `card` parameter are matched without regard to case.
const cardFromUrl = (text: string): string | null => {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null

  const segments = url.pathname.split('/')
  if (segments.at(-1) === '') segments.pop()
  const last = segments.at(-1)
  if (segments.length >= 3 && last !== undefined && segments.at(-2)?.toLowerCase() === 'c') {
    return decode(last)
  }

  for (const [name, value] of url.searchParams) {
    if (name.toLowerCase() === 'card') return value
  }
  return null
}

/** Reads a raw card number or an http(s) card URL (`…/c/<number>` or `?card=<number>`). */
export const parseScanPayload = (text: string): ScanPayload => {
  const trimmed = text.trim()
  const candidate = /^https?:\/\//i.test(trimmed) ? cardFromUrl(trimmed) : trimmed
  if (candidate === null) return INVALID
  const parsed = parseCardNumber(candidate)
  return parsed.ok ? { ok: true, kind: 'card', number: parsed.number } : INVALID
}
