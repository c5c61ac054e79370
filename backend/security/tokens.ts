import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** 32 random bytes, base64url: session cookies, reset links, CSRF nonces. */
export const newToken = () => randomBytes(32).toString('base64url')

/** What newToken() produces; anything else is refused before touching the database. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/

/** SHA-256 hex. Tokens carry 256 bits of entropy, so a fast hash is enough to store them. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

export const hmac = (key: string | Buffer, message: string) =>
  createHmac('sha256', key).update(message).digest('base64url')

/** String equality in time independent of where the strings differ. */
export const safeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * The CSRF token of a session: derived from the cookie's secret token, so it needs no storage
 * and cannot be computed from the database (which holds only the token's hash).
 */
export const sessionCsrfToken = (sessionToken: string) => hmac(sessionToken, 'rewardflow:csrf')
