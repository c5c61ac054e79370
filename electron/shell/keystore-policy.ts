// Whether the kiosk may keep its database key with the OS keystore that Electron's safeStorage
// found. On Linux without a keyring (no GNOME Keyring / KWallet) safeStorage falls back to
// `basic_text`: a key "encrypted" with a password that is in Chromium's source, readable by
// anyone with the disk. The kiosk refuses that unless an operator allows it explicitly.

const ALLOW_PLAINTEXT_KEY_ENV = 'REWARDFLOW_ALLOW_PLAINTEXT_KEY'

export type KeystoreFacts = {
  platform: NodeJS.Platform
  /** safeStorage.isEncryptionAvailable() */
  encryptionAvailable: boolean
  /** safeStorage.getSelectedStorageBackend() on Linux; null elsewhere. */
  linuxBackend: string | null
  env: Record<string, string | undefined>
}

export type KeystoreDecision =
  | { use: true; weak: boolean }
  | { use: false; code: 'KEYSTORE_UNAVAILABLE' | 'KEYSTORE_PLAINTEXT'; message: string }

const allowsPlaintext = (env: KeystoreFacts['env']) => env[ALLOW_PLAINTEXT_KEY_ENV] === '1'

export const decideKeystore = (facts: KeystoreFacts): KeystoreDecision => {
  const weakBackend =
    facts.platform === 'linux' &&
    (facts.linuxBackend === 'basic_text' || facts.linuxBackend === 'unknown')
  if (!facts.encryptionAvailable && !(weakBackend && allowsPlaintext(facts.env))) {
    return {
      use: false,
      code: 'KEYSTORE_UNAVAILABLE',
      message:
        'The OS keystore cannot encrypt (safeStorage is unavailable), so the kiosk cannot ' +
        'protect its database key.',
    }
  }
  if (!weakBackend) return { use: true, weak: false }
  if (allowsPlaintext(facts.env)) return { use: true, weak: true }
  return {
    use: false,
    code: 'KEYSTORE_PLAINTEXT',
    message:
      `No keyring is running (safeStorage backend: ${facts.linuxBackend}): the database key ` +
      'would be stored with a well-known password. Start the kiosk in a session with GNOME ' +
      `Keyring or KWallet, or set ${ALLOW_PLAINTEXT_KEY_ENV}=1 to accept a key that anyone ` +
      'with the disk can read (see docs/installers.md).',
  }
}
