import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Config } from '../config.ts'

// Secrets the admin saves in the database (the SMTP password) are AES-256-GCM ciphertext. The
// key is EMAIL_SETTINGS_KEY, or else one generated once in DATA_DIR: never in the database it
// protects, never in a tracked file (docs/lessons.md #14).

export const SETTINGS_KEY_FILE = 'email-settings.key'

export type SettingsKey = { key: Buffer; source: 'env' | 'data-dir'; file?: string }

const decodeKey = (text: string): Buffer =>
  /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64')

const generated = new Map<string, Buffer>()

/** The key of encrypted settings: EMAIL_SETTINGS_KEY, else (not in production) DATA_DIR/email-settings.key (created once). */
export const settingsKey = (
  config: Pick<Config, 'emailSettingsKey' | 'dataDir'> & { env?: Config['env'] },
): SettingsKey => {
  if (config.emailSettingsKey) return { key: decodeKey(config.emailSettingsKey), source: 'env' }
  // Production hosts share no DATA_DIR: a key per host would make a password saved through one
  // web process unreadable on the others (loadConfig refuses to start without the variable).
  if (config.env === 'production')
    throw new Error('EMAIL_SETTINGS_KEY is required in production (a key file is per host)')
  const file = path.join(config.dataDir, SETTINGS_KEY_FILE)
  let key = generated.get(file)
  if (!key) {
    try {
      key = decodeKey(readFileSync(file, 'utf8').trim())
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      mkdirSync(config.dataDir, { recursive: true })
      try {
        // 'wx': of two processes creating it at once, one writes and both read the same key.
        writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
      } catch (raced) {
        if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced
      }
      key = decodeKey(readFileSync(file, 'utf8').trim())
    }
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key`)
    generated.set(file, key)
  }
  return { key, source: 'data-dir', file }
}

const VERSION = 'v1'

/** `v1.<iv>.<tag>.<ciphertext>` (base64url); `purpose` is bound as associated data. */
export const encryptSecret = (plain: string, key: Buffer, purpose: string): string => {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(purpose))
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return [VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.')
}

/** The plain text of `encryptSecret`'s output; throws when the key or purpose differ. */
export const decryptSecret = (stored: string, key: Buffer, purpose: string): string => {
  const [version, iv, tag, ciphertext] = stored.split('.')
  if (version !== VERSION || !iv || !tag || ciphertext === undefined)
    throw new Error('not an encrypted setting')
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
  decipher.setAAD(Buffer.from(purpose))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([
    decipher.update(Buffer.from(ciphertext, 'base64url')),
    decipher.final(),
  ]).toString('utf8')
}
