import { describe, expect, it } from 'vitest'
import {
  base32Decode,
  base32Encode,
  hotp,
  matchTotp,
  newTotpSecret,
  otpauthUrl,
  totpCode,
  totpStep,
} from './totp.ts'

// RFC 6238 appendix B: the seeds are ASCII "1234567890" repeated to the hash's key length.
const SEED_SHA1 = Buffer.from('12345678901234567890')
const SEED_SHA256 = Buffer.from('12345678901234567890123456789012')
const SEED_SHA512 = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234')
const VECTORS: [seconds: number, sha1: string, sha256: string, sha512: string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
]

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('matches the RFC test vectors at %i s', (seconds, sha1, sha256, sha512) => {
    const step = totpStep(seconds)
    expect(hotp(SEED_SHA1, step, { digits: 8 })).toBe(sha1)
    expect(hotp(SEED_SHA256, step, { digits: 8, algorithm: 'sha256' })).toBe(sha256)
    expect(hotp(SEED_SHA512, step, { digits: 8, algorithm: 'sha512' })).toBe(sha512)
  })

  it('writes and reads base32 (RFC 4648)', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI')
    expect(base32Decode('MZXW6YTBOI').toString()).toBe('foobar')
    expect(base32Decode('mzxw 6ytb oi').toString()).toBe('foobar')
    const secret = newTotpSecret()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(base32Decode(secret)).toHaveLength(20)
  })

  it('accepts a code one step either side, and refuses a step already used', () => {
    const secret = base32Encode(SEED_SHA1)
    const at = 1_800_000_000
    const step = totpStep(at)
    expect(totpCode(secret, at)).toBe(hotp(SEED_SHA1, step))
    expect(matchTotp(secret, totpCode(secret, at), { lastStep: null, unixSeconds: at })).toBe(step)
    expect(matchTotp(secret, totpCode(secret, at - 30), { lastStep: null, unixSeconds: at })).toBe(
      step - 1,
    )
    expect(
      matchTotp(secret, totpCode(secret, at - 90), { lastStep: null, unixSeconds: at }),
    ).toBeNull()
    // Used once: the same code, and an older one, are refused within their window.
    expect(matchTotp(secret, totpCode(secret, at), { lastStep: step, unixSeconds: at })).toBeNull()
    expect(
      matchTotp(secret, totpCode(secret, at - 30), { lastStep: step, unixSeconds: at }),
    ).toBeNull()
    expect(matchTotp(secret, 'abcdef', { lastStep: null, unixSeconds: at })).toBeNull()
  })

  it('builds the otpauth link authenticator apps read', () => {
    expect(otpauthUrl({ secret: 'MZXW6YTBOI', issuer: 'RewardFlow', account: 'a@b.lu' })).toBe(
      'otpauth://totp/RewardFlow:a%40b.lu?secret=MZXW6YTBOI&issuer=RewardFlow&algorithm=SHA1&digits=6&period=30',
    )
  })
})
