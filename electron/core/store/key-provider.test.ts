import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fileKeyProvider, KEY_BYTES } from './key-provider.ts'
import { isStoreError } from './store-error.ts'

const posix = process.platform !== 'win32'

let dir: string
let keyPath: string

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-key-'))
  keyPath = path.join(dir, 'keys', 'store.key')
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('fileKeyProvider', () => {
  it('has no key before one is created', async () => {
    expect(await fileKeyProvider(keyPath).readKey()).toBeNull()
  })

  it('creates 32 random bytes once and returns the same key afterwards', async () => {
    const keys = fileKeyProvider(keyPath)
    const key = await keys.getOrCreateKey()
    expect(key).toHaveLength(KEY_BYTES)
    expect(await keys.getOrCreateKey()).toEqual(key)
    expect(await fileKeyProvider(keyPath).readKey()).toEqual(key)
    expect(await fileKeyProvider(path.join(dir, 'other.key')).getOrCreateKey()).not.toEqual(key)
  })

  it.skipIf(!posix)('writes the key file readable by its owner only', async () => {
    await fileKeyProvider(keyPath).getOrCreateKey()
    expect(fs.statSync(keyPath).mode & 0o777).toBe(0o600)
    expect(fs.readdirSync(path.dirname(keyPath))).toEqual(['store.key'])
  })

  it('agrees on one key when several callers create it at once', async () => {
    const keys = await Promise.all(
      Array.from({ length: 5 }, () => fileKeyProvider(keyPath).getOrCreateKey()),
    )
    for (const key of keys) expect(key).toEqual(keys[0])
    expect(fs.readdirSync(path.dirname(keyPath))).toEqual(['store.key'])
  })

  it.skipIf(!posix)('refuses a key file that its group or others can read', async () => {
    const keys = fileKeyProvider(keyPath)
    await keys.getOrCreateKey()
    for (const mode of [0o640, 0o604, 0o644]) {
      fs.chmodSync(keyPath, mode)
      const read = keys.readKey()
      await expect(read).rejects.toSatisfy((e) => isStoreError(e, 'STORE_KEY_FILE_INSECURE'))
      await expect(keys.getOrCreateKey()).rejects.toSatisfy((e) =>
        isStoreError(e, 'STORE_KEY_FILE_INSECURE'),
      )
    }
  })

  it('refuses a key file that does not hold 32 bytes', async () => {
    fs.mkdirSync(path.dirname(keyPath), { recursive: true })
    fs.writeFileSync(keyPath, 'short', { mode: 0o600 })
    await expect(fileKeyProvider(keyPath).readKey()).rejects.toSatisfy((e) =>
      isStoreError(e, 'STORE_KEY_INVALID'),
    )
  })

  it('destroys the key file, and destroying again is harmless', async () => {
    const keys = fileKeyProvider(keyPath)
    await keys.getOrCreateKey()
    await keys.destroyKey()
    expect(fs.existsSync(keyPath)).toBe(false)
    expect(await keys.readKey()).toBeNull()
    await keys.destroyKey()
  })
})
