import {
  openEncryptedDatabase,
  removeDatabaseFiles,
  type SqliteDatabase,
} from './encrypted-database.ts'
import type { KeyProvider } from './key-provider.ts'
import { createMeta, type Meta } from './meta.ts'
import { KIOSK_STORE_MIGRATIONS, runMigrations, schemaVersion } from './migrations.ts'
import { createOutbox, type Outbox } from './outbox.ts'
import { createSnapshots, type Snapshots } from './snapshots.ts'

/** The kiosk's encrypted offline database: outbox, snapshots of server data, and meta. */
export type KioskStore = Outbox &
  Snapshots &
  Meta & {
    /**
     * Runs fn in one transaction (nested calls become savepoints). fn must be synchronous:
     * an awaited step would run after the commit.
     */
    transaction<T>(fn: () => T): T
    schemaVersion(): number
    close(): void
    /**
     * Closes, deletes the database files and destroys the key: the next open starts empty,
     * as an unpaired kiosk (revocation).
     */
    wipe(): Promise<void>
  }

export type KioskStoreOptions = {
  /** The database file; its folder is created (mode 0700) when missing. */
  path: string
  keys: KeyProvider
  now?: () => Date
}

/**
 * Opens (or creates, encrypted with a new key) the kiosk store and brings its schema up to date.
 * Throws StoreError STORE_KEY_MISSING / STORE_KEY_INVALID when an existing file cannot be read.
 */
export const openKioskStore = async (options: KioskStoreOptions): Promise<KioskStore> => {
  const { path, keys, now = () => new Date() } = options
  const db: SqliteDatabase = await openEncryptedDatabase(path, keys)
  try {
    runMigrations(db, KIOSK_STORE_MIGRATIONS)
  } catch (error) {
    db.close()
    throw error
  }
  const close = () => {
    if (db.open) db.close()
  }
  return {
    ...createOutbox(db, now),
    ...createSnapshots(db, now),
    ...createMeta(db, now),
    transaction: (fn) => db.transaction(fn)(),
    schemaVersion: () => schemaVersion(db),
    close,
    wipe: async () => {
      close()
      await wipeKioskStore({ path, keys })
    },
  }
}

/**
 * Deletes a kiosk store's files, then its key, without opening it (also for a store whose key
 * is lost). Files first: a key without a database is harmless, a database without its key is not
 * openable.
 */
export const wipeKioskStore = async (options: {
  path: string
  keys: KeyProvider
}): Promise<void> => {
  removeDatabaseFiles(options.path)
  await options.keys.destroyKey()
}
