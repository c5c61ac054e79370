import Database from 'better-sqlite3-multiple-ciphers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SqliteDatabase } from './encrypted-database.ts'
import {
  KIOSK_STORE_MIGRATIONS,
  runMigrations,
  schemaVersion,
  type Migration,
} from './migrations.ts'
import { isStoreError } from './store-error.ts'

// The runner's logic needs no file and no key: an in-memory database stands in.
let db: SqliteDatabase
beforeEach(() => {
  db = new Database(':memory:')
})
afterEach(() => db.close())

const tables = () =>
  db
    .prepare<[], string>(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
    .pluck()
    .all()

describe('runMigrations', () => {
  it('creates the outbox, snapshots and meta tables', () => {
    expect(runMigrations(db, KIOSK_STORE_MIGRATIONS)).toEqual([1])
    expect(tables()).toEqual(['meta', 'outbox', 'snapshots'])
  })

  it('applies each migration once, in order, and nothing on a current database', () => {
    const ran: number[] = []
    const migrations: Migration[] = [1, 2, 3].map((version) => ({
      version,
      name: `step ${version}`,
      up: (d) => {
        ran.push(version)
        d.exec(`CREATE TABLE t${version} (x)`)
      },
    }))
    expect(runMigrations(db, migrations.slice(0, 2))).toEqual([1, 2])
    expect(runMigrations(db, migrations)).toEqual([3])
    expect(runMigrations(db, migrations)).toEqual([])
    expect(ran).toEqual([1, 2, 3])
    expect(schemaVersion(db)).toBe(3)
  })

  it('rolls back a failing migration together with its version', () => {
    const migrations: Migration[] = [
      { version: 1, name: 'ok', up: (d) => d.exec('CREATE TABLE a (x)') },
      {
        version: 2,
        name: 'fails half-way',
        up: (d) => d.exec('CREATE TABLE b (x); INSERT INTO missing VALUES (1)'),
      },
    ]
    expect(() => runMigrations(db, migrations)).toThrow(/no such table: missing/)
    expect(schemaVersion(db)).toBe(1)
    expect(tables()).toEqual(['a'])
  })

  it('refuses a database written by a newer kiosk with STORE_SCHEMA_TOO_NEW', () => {
    db.pragma('user_version = 7')
    expect(() => runMigrations(db, KIOSK_STORE_MIGRATIONS)).toThrow(
      expect.toSatisfy((e) => isStoreError(e, 'STORE_SCHEMA_TOO_NEW')),
    )
    expect(tables()).toEqual([])
  })

  it('refuses a list whose versions are not 1, 2, 3, …', () => {
    const up = () => undefined
    expect(() => runMigrations(db, [{ version: 2, name: 'gap', up }])).toThrow(/version 2, not 1/)
  })
})
