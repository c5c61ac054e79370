import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isStoreError } from '../core/store/store-error.ts'
import { safeStorageKeyProvider, type KeyCipher } from './safe-storage-key.ts'

/**
 * Stands in for safeStorage (no Electron binary here): AES-256-GCM under a key that plays the
 * part of the user's keyring. Like safeStorage, it throws on data it did not encrypt.
 */
const keyringCipher = (keyring = randomBytes(32)): KeyCipher => ({
  encryptString(text) {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', keyring, iv)
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
    return Buffer.concat([iv, cipher.getAuthTag(), body])
  },
  decryptString(sealed) {
    const decipher = createDecipheriv('aes-256-gcm', keyring, sealed.subarray(0, 12))
    decipher.setAuthTag(sealed.subarray(12, 28))
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8')
  },
})

describe('safeStorageKeyProvider', () => {
  let dir: string
  let keyPath: string
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'rewardflow-safe-key-'))
    keyPath = path.join(dir, 'nested', 'kiosk.key.sealed')
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('creates a random 32-byte key once and reads the same key back', async () => {
    const cipher = keyringCipher()
    const keys = safeStorageKeyProvider(keyPath, cipher)
    expect(await keys.readKey()).toBeNull()
    const key = await keys.getOrCreateKey()
    expect(key).toHaveLength(32)
    expect(await keys.getOrCreateKey()).toEqual(key)
    expect(await safeStorageKeyProvider(keyPath, cipher).readKey()).toEqual(key)
  })

  it('stores the key sealed, not in the clear, in a file only its owner reads', async () => {
    const key = await safeStorageKeyProvider(keyPath, keyringCipher()).getOrCreateKey()
    const onDisk = await readFile(keyPath)
    expect(onDisk.includes(key)).toBe(false)
    expect(onDisk.includes(Buffer.from(key.toString('base64')))).toBe(false)
    if (process.platform !== 'win32') expect((await stat(keyPath)).mode & 0o777).toBe(0o600)
  })

  it('refuses a key file sealed by another keyring', async () => {
    await safeStorageKeyProvider(keyPath, keyringCipher()).getOrCreateKey()
    const error = await safeStorageKeyProvider(keyPath, keyringCipher())
      .readKey()
      .catch((e: unknown) => e)
    expect(isStoreError(error, 'STORE_KEY_INVALID')).toBe(true)
  })

  it('refuses a sealed value that is not a 32-byte key', async () => {
    const cipher = keyringCipher()
    await safeStorageKeyProvider(keyPath, cipher).getOrCreateKey()
    await writeFile(keyPath, cipher.encryptString(randomBytes(16).toString('base64')))
    const error = await safeStorageKeyProvider(keyPath, cipher)
      .readKey()
      .catch((e: unknown) => e)
    expect(isStoreError(error, 'STORE_KEY_INVALID')).toBe(true)
  })

  it('agrees on one key when two providers create it at once', async () => {
    const cipher = keyringCipher()
    const [a, b] = await Promise.all([
      safeStorageKeyProvider(keyPath, cipher).getOrCreateKey(),
      safeStorageKeyProvider(keyPath, cipher).getOrCreateKey(),
    ])
    expect(a).toEqual(b)
  })

  it('forgets the key for good', async () => {
    const keys = safeStorageKeyProvider(keyPath, keyringCipher())
    const first = await keys.getOrCreateKey()
    await keys.destroyKey()
    expect(await keys.readKey()).toBeNull()
    await keys.destroyKey()
    expect(await keys.getOrCreateKey()).not.toEqual(first)
  })
})
