import type { SafeStorage } from 'electron'
import { fileKeyProvider, type KeyProvider } from '../core/store/key-provider.ts'

// The kiosk database's key, kept encrypted by the OS keystore through Electron's safeStorage
// (DPAPI on Windows, the Secret Service or KWallet on Linux): the file on disk is useless
// without the logged-in kiosk user's keyring. The cipher is passed in, so this file imports only
// electron's types and is tested under Node with a stand-in cipher (safe-storage-key.test.ts).

/** The part of Electron's safeStorage this provider uses. */
export type KeyCipher = Pick<SafeStorage, 'encryptString' | 'decryptString'>

/**
 * The file key provider (atomic creation, 0600, destroy by overwrite) with the key sealed by
 * `cipher`: a second process that created the key first wins, and this one reads that key back.
 */
export const safeStorageKeyProvider = (keyPath: string, cipher: KeyCipher): KeyProvider =>
  fileKeyProvider(keyPath, {
    seal: (key) => cipher.encryptString(key.toString('base64')),
    unseal: (sealed) => Buffer.from(cipher.decryptString(sealed), 'base64'),
    failure: 'the OS keystore cannot decrypt it (another user, or a reset keyring)',
  })
