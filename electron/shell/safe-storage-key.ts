import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { SafeStorage } from 'electron'
import { KEY_BYTES, type KeyProvider } from '../core/store/key-provider.ts'
import { StoreError } from '../core/store/store-error.ts'

// The kiosk database's key, kept encrypted by the OS keystore through Electron's safeStorage
// (DPAPI on Windows, the Secret Service or KWallet on Linux): the file on disk is useless
// without the logged-in kiosk user's keyring. The cipher is passed in, so this file imports only
// electron's types and is tested under Node with a stand-in cipher (safe-storage-key.test.ts).

/** The part of Electron's safeStorage this provider uses. */
export type KeyCipher = Pick<SafeStorage, 'encryptString' | 'decryptString'>

const errorCode = (error: unknown): string | undefined =>
  error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined

/** A KeyProvider whose random key is stored at `keyPath`, encrypted with `cipher`. */
export const safeStorageKeyProvider = (keyPath: string, cipher: KeyCipher): KeyProvider => {
  const readKey = async (): Promise<Buffer | null> => {
    let sealed: Buffer
    try {
      sealed = await fs.readFile(keyPath)
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null
      throw error
    }
    let key: Buffer
    try {
      key = Buffer.from(cipher.decryptString(sealed), 'base64')
    } catch (error) {
      throw new StoreError(
        'STORE_KEY_INVALID',
        `The OS keystore cannot decrypt ${keyPath} (another user, or a reset keyring).`,
        { cause: error },
      )
    }
    if (key.length !== KEY_BYTES) {
      throw new StoreError('STORE_KEY_INVALID', `${keyPath} does not hold a ${KEY_BYTES}-byte key.`)
    }
    return key
  }

  // Written to a temporary file and hard-linked into place: a second process that created the
  // key first wins, and this one reads that key back (replacing it would orphan the database).
  const createKey = async (): Promise<void> => {
    const dir = path.dirname(keyPath)
    await fs.mkdir(dir, { recursive: true, mode: 0o700 })
    const sealed = cipher.encryptString(randomBytes(KEY_BYTES).toString('base64'))
    const temporary = `${keyPath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
    const handle = await fs.open(temporary, 'wx', 0o600)
    try {
      await handle.writeFile(sealed)
      await handle.sync()
    } finally {
      await handle.close()
    }
    try {
      await fs.link(temporary, keyPath)
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error
    } finally {
      await fs.rm(temporary, { force: true })
    }
  }

  return {
    readKey,

    async getOrCreateKey() {
      const existing = await readKey()
      if (existing) return existing
      await createKey()
      const created = await readKey()
      if (!created) throw new Error(`The key file ${keyPath} vanished right after it was written.`)
      return created
    },

    async destroyKey() {
      try {
        const handle = await fs.open(keyPath, 'r+')
        try {
          const { size } = await handle.stat()
          await handle.write(Buffer.alloc(size), 0, size, 0)
          await handle.sync()
        } finally {
          await handle.close()
        }
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return
        throw error
      }
      await fs.rm(keyPath, { force: true })
    },
  }
}
