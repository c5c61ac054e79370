import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import { KEY_BYTES, type KeyProvider } from './key-provider.ts'
import { StoreError } from './store-error.ts'

export type SqliteDatabase = Database.Database

const PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1')

/** The database file and the files SQLite keeps beside it (WAL mode uses -wal and -shm). */
export const databaseFiles = (dbPath: string): string[] => [
  dbPath,
  `${dbPath}-wal`,
  `${dbPath}-shm`,
  `${dbPath}-journal`,
]

export const removeDatabaseFiles = (dbPath: string): void => {
  for (const file of databaseFiles(dbPath)) fs.rmSync(file, { force: true })
}

const sqliteCode = (error: unknown): string | undefined =>
  error instanceof Database.SqliteError ? error.code : undefined

const errorCode = (error: unknown): string | undefined =>
  error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined

/**
 * Opens the file with the key applied before anything is read or written, and proves the key
 * by reading the schema. There is no path that opens the file without a key.
 */
const connect = (dbPath: string, key: Buffer): SqliteDatabase => {
  if (key.length !== KEY_BYTES) {
    throw new StoreError('STORE_KEY_INVALID', `The store key has ${key.length} bytes, not 32.`)
  }
  const db = new Database(dbPath, { fileMustExist: true })
  try {
    // SQLCipher 4 format, so `sqlcipher` (or DB Browser) can open a copy for support, given the key.
    const cipher = db.pragma(`cipher = 'sqlcipher'`, { simple: true })
    if (cipher !== 'sqlcipher') {
      throw new StoreError(
        'STORE_CIPHER_UNAVAILABLE',
        'This SQLite build does not encrypt (PRAGMA cipher is not supported); refusing to open.',
      )
    }
    db.pragma('legacy = 4')
    db.pragma(`key = "x'${key.toString('hex')}'"`)
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get()
    } catch (error) {
      if (sqliteCode(error) !== 'SQLITE_NOTADB') throw error
      throw new StoreError(
        'STORE_KEY_INVALID',
        `The kiosk store ${dbPath} does not open with its key (wrong key, or not an encrypted ` +
          `kiosk store). The file was left as it is.`,
        { cause: error },
      )
    }
    // WAL: one fsync per commit with synchronous = FULL, and an acknowledged operation survives
    // a power cut. SQLite3MultipleCiphers encrypts the WAL's pages like the database's.
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

const startsInPlaintext = (dbPath: string): boolean => {
  const header = Buffer.alloc(PLAINTEXT_HEADER.length)
  const fd = fs.openSync(dbPath, 'r')
  try {
    const read = fs.readSync(fd, header, 0, header.length, 0)
    return read === header.length && header.equals(PLAINTEXT_HEADER)
  } finally {
    fs.closeSync(fd)
  }
}

const create = (dbPath: string, key: Buffer): SqliteDatabase => {
  fs.mkdirSync(path.dirname(dbPath), { recursive: true, mode: 0o700 })
  // Created here with mode 0600 (SQLite gives -wal and -shm the database file's mode).
  let created = false
  try {
    fs.closeSync(fs.openSync(dbPath, 'wx', 0o600))
    created = true
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error
  }
  try {
    const db = connect(dbPath, key)
    // Setting WAL mode wrote the first page: prove it is not plaintext before any data goes in.
    if (startsInPlaintext(dbPath)) {
      db.close()
      throw new StoreError(
        'STORE_CIPHER_UNAVAILABLE',
        `The new kiosk store ${dbPath} was written unencrypted; it was deleted.`,
      )
    }
    return db
  } catch (error) {
    if (created) removeDatabaseFiles(dbPath)
    throw error
  }
}

const isNew = (dbPath: string): boolean => {
  try {
    // An empty file with no WAL holds nothing: a creation that stopped before its first page.
    return fs.statSync(dbPath).size === 0 && !fs.existsSync(`${dbPath}-wal`)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return true
    throw error
  }
}

/**
 * Opens the encrypted database at `dbPath`. A new database gets the provider's key (created on
 * first use); an existing one needs its key: STORE_KEY_MISSING without one, STORE_KEY_INVALID
 * when it does not open it (the file is left untouched).
 */
export const openEncryptedDatabase = async (
  dbPath: string,
  keys: KeyProvider,
): Promise<SqliteDatabase> => {
  if (isNew(dbPath)) return create(dbPath, await keys.getOrCreateKey())
  const key = await keys.readKey()
  if (!key) {
    throw new StoreError(
      'STORE_KEY_MISSING',
      `The kiosk store ${dbPath} exists but its key is gone, so it cannot be read. ` +
        `Wipe it and pair the kiosk again.`,
    )
  }
  return connect(dbPath, key)
}
