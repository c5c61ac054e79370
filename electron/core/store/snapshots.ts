import type { SqliteDatabase } from './encrypted-database.ts'
import { toJson } from './json-text.ts'
import { createCardCopy, type StoredCard } from './card-copy.ts'

/** What the kiosk keeps a copy of, to work offline (the sync result's `changes`). */
export const SNAPSHOT_KINDS = ['cards', 'programmes', 'rewards', 'categories', 'staff'] as const
export type SnapshotKind = (typeof SNAPSHOT_KINDS)[number]

export type SnapshotRow = { id: string; data: unknown }

/**
 * The kiosk's copy of server data, one JSON document per (kind, id). Reads return the stored
 * JSON as the caller's type: parse it with the shared schemas where the shape matters.
 */
export type Snapshots = {
  /** Inserts or replaces the rows of one kind. */
  putSnapshot(kind: SnapshotKind, rows: readonly SnapshotRow[]): void
  getSnapshot<T = unknown>(kind: SnapshotKind, id: string): T | null
  /** Every row of one kind, by id. */
  listSnapshot<T = unknown>(kind: SnapshotKind): T[]
  /** The ids of the rows of one kind. */
  snapshotIds(kind: SnapshotKind): string[]
  /** Whether there was such a row. */
  deleteSnapshot(kind: SnapshotKind, id: string): boolean
  /** Drops the cards that left the kiosk's window (card-copy.ts); how many. */
  pruneCards(lastActiveBefore: Date): number
}

export const createSnapshots = (db: SqliteDatabase, now: () => Date): Snapshots => {
  const upsert = db.prepare<[string, string, string, string]>(
    `INSERT INTO snapshots (kind, id, data, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
  )
  const one = db
    .prepare<[string, string], string>('SELECT data FROM snapshots WHERE kind = ? AND id = ?')
    .pluck()
  const all = db
    .prepare<[string], string>('SELECT data FROM snapshots WHERE kind = ? ORDER BY id')
    .pluck()
  const ids = db
    .prepare<[string], string>('SELECT id FROM snapshots WHERE kind = ? ORDER BY id')
    .pluck()
  const remove = db.prepare<[string, string]>('DELETE FROM snapshots WHERE kind = ? AND id = ?')
  // Cards, by far the most rows, have a typed table of their own, keyed by number.
  const cards = createCardCopy(db)

  return {
    putSnapshot: db.transaction((kind: SnapshotKind, rows: readonly SnapshotRow[]) => {
      if (kind === 'cards') return cards.put(rows.map((row) => row.data as StoredCard))
      const at = now().toISOString()
      for (const row of rows) upsert.run(kind, row.id, toJson(row.data), at)
    }),

    getSnapshot: <T>(kind: SnapshotKind, id: string) => {
      if (kind === 'cards') return cards.get(id) as T | null
      const data = one.get(kind, id)
      return data === undefined ? null : JSON.parse(data)
    },

    listSnapshot: <T>(kind: SnapshotKind) =>
      kind === 'cards' ? (cards.list() as T[]) : all.all(kind).map((data) => JSON.parse(data)),

    snapshotIds: (kind) => (kind === 'cards' ? cards.numbers() : ids.all(kind)),

    deleteSnapshot: (kind, id) =>
      kind === 'cards' ? cards.delete(id) : remove.run(kind, id).changes > 0,

    pruneCards: (before) => cards.prune(before),
  }
}
