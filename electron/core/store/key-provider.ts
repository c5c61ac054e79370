import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { StoreError } from './store-error.ts'

/** The store's key: 32 random bytes, used as a raw SQLCipher key (no passphrase derivation). */
export const KEY_BYTES = 32

/**
 * Where the key of the kiosk's encrypted store is kept. The Electron shell will provide one
 * backed by the OS keystore (safeStorage); the web host and the tests use `fileKeyProvider`.
 */
export type KeyProvider = {
  /** The kept key, or a new random one, kept before it is returned. */
  getOrCreateKey(): Promise<Buffer>
  /** The kept key, or null when there is none. */
  readKey(): Promise<Buffer | null>
  /** Forgets the key for good: whatever it encrypted becomes unreadable. */
  destroyKey(): Promise<void>
}

const errorCode = (error: unknown): string | undefined =>
  error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined

// Windows has no POSIX modes (Node reports 0o666 for every writable file); the Windows kiosk
// keeps its key with safeStorage, so there is nothing to check there.
const checksModes = process.platform !== 'win32'

const syncDirectory = async (dir: string): Promise<void> => {
  if (!checksModes) return
  const handle = await fs.open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * How the key is written to its file: as is (the web host, the tests), or sealed by the OS
 * keystore (the Electron shell's safeStorage). `unseal` throws when it cannot open the bytes.
 */
type KeySealing = {
  seal: (key: Buffer) => Buffer
  unseal: (sealed: Buffer) => Buffer
  /** Why unsealing can fail, for the error message. */
  failure: string
}

/**
 * Keeps the key in a file readable by its owner only (mode 0600), written atomically: it is
 * written to a temporary file and hard-linked into place, which fails rather than replaces when
 * another process created the key first (replacing a key would make its database unreadable).
 * An existing key file that its group or others can read is refused.
 */
export const fileKeyProvider = (keyPath: string, sealing?: KeySealing): KeyProvider => {
  const readKey = async (): Promise<Buffer | null> => {
    let handle: fs.FileHandle
    try {
      handle = await fs.open(keyPath, 'r')
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null
      throw error
    }
    try {
      // fstat of the open file, so the checked file is the file that is read.
      const stat = await handle.stat()
      if (!stat.isFile()) {
        throw new StoreError('STORE_KEY_INVALID', `The key path ${keyPath} is not a file.`)
      }
      if (checksModes && (stat.mode & 0o077) !== 0) {
        throw new StoreError(
          'STORE_KEY_FILE_INSECURE',
          `The key file ${keyPath} has mode ${(stat.mode & 0o777).toString(8)}: other users ` +
            `can read it, so it is not used. Make it 600 (chmod 600) if it was never exposed, ` +
            `else wipe the store and pair the kiosk again.`,
        )
      }
      const stored = await handle.readFile()
      let key: Buffer = stored
      if (sealing) {
        try {
          key = sealing.unseal(stored)
        } catch (error) {
          throw new StoreError(
            'STORE_KEY_INVALID',
            `The key file ${keyPath} cannot be opened: ${sealing.failure}.`,
            { cause: error },
          )
        }
      }
      if (key.length !== KEY_BYTES) {
        throw new StoreError(
          'STORE_KEY_INVALID',
          `The key file ${keyPath} holds ${key.length} bytes, not ${KEY_BYTES}.`,
        )
      }
      return key
    } finally {
      await handle.close()
    }
  }

  const createKey = async (): Promise<void> => {
    const dir = path.dirname(keyPath)
    await fs.mkdir(dir, { recursive: true, mode: 0o700 })
    const temporary = `${keyPath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
    const handle = await fs.open(temporary, 'wx', 0o600)
    try {
      const key = randomBytes(KEY_BYTES)
      await handle.writeFile(sealing ? sealing.seal(key) : key)
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
    await syncDirectory(dir)
  }

  return {
    readKey,

    async getOrCreateKey() {
      const existing = await readKey()
      if (existing) return existing
      await createKey()
      // Read back: when another process won the race, its key is the one on disk.
      const created = await readKey()
      if (!created) throw new Error(`The key file ${keyPath} vanished right after it was written.`)
      return created
    },

    async destroyKey() {
      // Overwrite before unlinking: cheap, though a journaling file system or an SSD may keep
      // old blocks. The encrypted database is deleted as well, so the key alone reveals nothing.
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
      await syncDirectory(path.dirname(keyPath))
    },
  }
}
