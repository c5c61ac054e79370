/**
 * Why the kiosk's local store cannot be used. These never reach the server: the kiosk shell maps
 * them to its own screens (a key that is missing or wrong means "wipe and pair again").
 */
export type StoreErrorCode =
  /** The database file exists but the key provider has no key for it. */
  | 'STORE_KEY_MISSING'
  /** The key does not open the database (or is not a 32-byte key). */
  | 'STORE_KEY_INVALID'
  /** The key file can be read by other users, so it is not used. */
  | 'STORE_KEY_FILE_INSECURE'
  /** The SQLite build cannot encrypt: refuse rather than write plaintext. */
  | 'STORE_CIPHER_UNAVAILABLE'
  /** The database was written by a newer version of the kiosk. */
  | 'STORE_SCHEMA_TOO_NEW'

export class StoreError extends Error {
  readonly code: StoreErrorCode

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StoreError'
    this.code = code
  }
}

export const isStoreError = (error: unknown, code?: StoreErrorCode): error is StoreError =>
  error instanceof StoreError && (code === undefined || error.code === code)
