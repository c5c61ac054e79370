import { describe, expect, it } from 'vitest'
import { decideKeystore, type KeystoreFacts } from './keystore-policy.ts'

const facts = (overrides: Partial<KeystoreFacts>): KeystoreFacts => ({
  platform: 'linux',
  encryptionAvailable: true,
  linuxBackend: 'gnome_libsecret',
  env: {},
  ...overrides,
})

describe('decideKeystore', () => {
  it('uses a real keyring on Linux', () => {
    for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']) {
      expect(decideKeystore(facts({ linuxBackend: backend }))).toEqual({ use: true, weak: false })
    }
  })

  it('uses DPAPI on Windows', () => {
    expect(decideKeystore(facts({ platform: 'win32', linuxBackend: null }))).toEqual({
      use: true,
      weak: false,
    })
  })

  it('refuses the basic_text fallback of Linux without a keyring', () => {
    const decision = decideKeystore(facts({ linuxBackend: 'basic_text' }))
    expect(decision).toMatchObject({ use: false, code: 'KEYSTORE_PLAINTEXT' })
  })

  it('accepts basic_text when REWARDFLOW_ALLOW_PLAINTEXT_KEY=1, and says it is weak', () => {
    const env = { REWARDFLOW_ALLOW_PLAINTEXT_KEY: '1' }
    expect(decideKeystore(facts({ linuxBackend: 'basic_text', env }))).toEqual({
      use: true,
      weak: true,
    })
  })

  it('takes nothing but 1 as the override', () => {
    for (const value of ['true', 'yes', '0', '', ' 1']) {
      const env = { REWARDFLOW_ALLOW_PLAINTEXT_KEY: value }
      expect(decideKeystore(facts({ linuxBackend: 'basic_text', env })).use).toBe(false)
    }
  })

  it('refuses when safeStorage cannot encrypt at all', () => {
    expect(
      decideKeystore(facts({ platform: 'win32', encryptionAvailable: false, linuxBackend: null })),
    ).toMatchObject({ use: false, code: 'KEYSTORE_UNAVAILABLE' })
    expect(
      decideKeystore(
        facts({ encryptionAvailable: false, env: { REWARDFLOW_ALLOW_PLAINTEXT_KEY: '1' } }),
      ),
    ).toMatchObject({ use: false, code: 'KEYSTORE_UNAVAILABLE' })
  })
})
