import type { SqliteDatabase } from './encrypted-database.ts'
import { toJson } from './json-text.ts'

/** Small named JSON values the kiosk keeps: pairing, sync cursor, PIN failure counters, … */
export type Meta = {
  /** The stored value, or null when there is none. */
  getMeta<T = unknown>(key: string): T | null
  setMeta(key: string, value: unknown): void
  deleteMeta(key: string): void
}

export const createMeta = (db: SqliteDatabase, now: () => Date): Meta => {
  const read = db.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck()
  const write = db.prepare<[string, string, string]>(
    `INSERT INTO meta (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  )
  const remove = db.prepare<[string]>('DELETE FROM meta WHERE key = ?')

  return {
    getMeta: (key) => {
      const value = read.get(key)
      return value === undefined ? null : JSON.parse(value)
    },
    setMeta: (key, value) => {
      write.run(key, toJson(value), now().toISOString())
    },
    deleteMeta: (key) => {
      remove.run(key)
    },
  }
}
