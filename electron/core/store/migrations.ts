import type { SqliteDatabase } from './encrypted-database.ts'
import { StoreError } from './store-error.ts'
import { CREATE_CARDS_TABLE } from './card-copy.ts'

/** One step of the store's schema. Append-only: a shipped migration is never edited. */
export type Migration = { version: number; name: string; up: (db: SqliteDatabase) => void }

export const KIOSK_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'outbox, snapshots and meta',
    up: (db) =>
      db.exec(`
        CREATE TABLE outbox (
          client_id TEXT NOT NULL PRIMARY KEY,
          seq INTEGER NOT NULL UNIQUE,
          type TEXT NOT NULL,
          payload TEXT NOT NULL CHECK (json_valid(payload)),
          created_at TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),
          result TEXT CHECK (result IS NULL OR json_valid(result))
        ) STRICT;
        CREATE INDEX outbox_pending_by_seq ON outbox (seq) WHERE status = 'pending';

        CREATE TABLE snapshots (
          kind TEXT NOT NULL,
          id TEXT NOT NULL,
          data TEXT NOT NULL CHECK (json_valid(data)),
          updated_at TEXT NOT NULL,
          PRIMARY KEY (kind, id)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE meta (
          key TEXT NOT NULL PRIMARY KEY,
          value TEXT NOT NULL CHECK (json_valid(value)),
          updated_at TEXT NOT NULL
        ) STRICT;
      `),
  },
  {
    version: 2,
    name: 'cards in a typed table of their own',
    // The cards move out of the JSON snapshots (card-copy.ts, decision 93), converted in SQL;
    // their activity and home store are unknown (NULL) until the server sends them again, so
    // the prune keeps them till then.
    up: (db) => {
      db.exec(CREATE_CARDS_TABLE)
      db.exec(`
        INSERT INTO cards (number, id, programme_id, status, points_balance, stamps_balance,
          last_earn_at, customer_name, preferred_language, provisional)
        SELECT id,
          CASE WHEN length(data ->> '$.id') = 36 THEN unhex(data ->> '$.id', '-') ELSE data ->> '$.id' END,
          CASE WHEN length(data ->> '$.programme_id') = 36 THEN unhex(data ->> '$.programme_id', '-')
               ELSE data ->> '$.programme_id' END,
          CASE data ->> '$.status' WHEN 'blocked' THEN 1 ELSE 0 END,
          data ->> '$.points_balance', data ->> '$.stamps_balance',
          CAST(round(unixepoch(data ->> '$.last_earn_at', 'subsec') * 1000) AS INTEGER),
          data ->> '$.customer_name', data ->> '$.preferred_language',
          coalesce(data ->> '$.provisional', 0)
          FROM snapshots WHERE kind = 'cards';
        DELETE FROM snapshots WHERE kind = 'cards';
      `)
    },
  },
]

export const schemaVersion = (db: SqliteDatabase): number => {
  const version = db.pragma('user_version', { simple: true })
  if (typeof version !== 'number') throw new TypeError('PRAGMA user_version is not a number')
  return version
}

/**
 * Applies the migrations newer than the database's `user_version`, in order, each with its
 * version bump in one transaction. Returns the versions it applied (none on a current database).
 */
export const runMigrations = (db: SqliteDatabase, migrations: readonly Migration[]): number[] => {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Migration "${migration.name}" has version ${migration.version}, not ${index + 1}`,
      )
    }
  })
  const current = schemaVersion(db)
  if (current > migrations.length) {
    throw new StoreError(
      'STORE_SCHEMA_TOO_NEW',
      `The kiosk store has schema version ${current}; this version of the kiosk knows ` +
        `${migrations.length}. Update the kiosk.`,
    )
  }
  const applied: number[] = []
  for (const migration of migrations.slice(current)) {
    db.transaction(() => {
      migration.up(db)
      db.pragma(`user_version = ${migration.version}`)
    })()
    applied.push(migration.version)
  }
  return applied
}
