import { createHmac, randomBytes } from 'node:crypto'
import { safeEqual } from './tokens.ts'

// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA1, 30-second steps,
// six digits, as every authenticator app reads an otpauth:// link. Secrets are 20 random bytes
// written in base32 (RFC 4648, no padding), the form the apps take by hand.

export const TOTP_STEP_SECONDS = 30
export const TOTP_DIGITS = 6
/** Steps either side of now a code is accepted for (a phone's clock a little off). */
export const TOTP_DRIFT_STEPS = 1

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export const base32Encode = (bytes: Buffer): string => {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]
  return out
}

export const base32Decode = (text: string): Buffer => {
  const clean = text.replace(/[\s=-]/g, '').toUpperCase()
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const char of clean) {
    const index = BASE32.indexOf(char)
    if (index < 0) throw new Error('not base32')
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** A new secret (160 bits, RFC 4226's recommended length), base32. */
export const newTotpSecret = (): string => base32Encode(randomBytes(20))

/** The time step of a moment (Unix seconds). */
export const totpStep = (unixSeconds: number) => Math.floor(unixSeconds / TOTP_STEP_SECONDS)

/** HOTP (RFC 4226) of a counter: `digits` decimal digits, zero-padded. */
export const hotp = (
  key: Buffer,
  counter: number,
  options: { digits?: number; algorithm?: 'sha1' | 'sha256' | 'sha512' } = {},
): string => {
  const digits = options.digits ?? TOTP_DIGITS
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac(options.algorithm ?? 'sha1', key)
    .update(message)
    .digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const binary = mac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 10 ** digits).padStart(digits, '0')
}

/** The code of a base32 secret at a moment (Unix seconds; now by default). */
export const totpCode = (secret: string, unixSeconds = Date.now() / 1000): string =>
  hotp(base32Decode(secret), totpStep(unixSeconds))

/**
 * The time step `code` is valid for (now, or one step either side), or null. A step at or before
 * `lastStep` is refused: a code (or an older one) already used does not work twice.
 */
export const matchTotp = (
  secret: string,
  code: string,
  props: { lastStep: number | null; unixSeconds?: number },
): number | null => {
  if (!/^\d{6}$/.test(code)) return null
  const key = base32Decode(secret)
  const now = totpStep(props.unixSeconds ?? Date.now() / 1000)
  for (let step = now - TOTP_DRIFT_STEPS; step <= now + TOTP_DRIFT_STEPS; step++) {
    if (props.lastStep !== null && step <= props.lastStep) continue
    if (safeEqual(hotp(key, step), code)) return step
  }
  return null
}

/** The otpauth:// link an authenticator app reads from the QR code (Key Uri Format). */
export const otpauthUrl = (props: { secret: string; issuer: string; account: string }): string => {
  const label = `${encodeURIComponent(props.issuer)}:${encodeURIComponent(props.account)}`
  const query = new URLSearchParams({
    secret: props.secret,
    issuer: props.issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_SECONDS),
  })
  return `otpauth://totp/${label}?${query.toString()}`
}
