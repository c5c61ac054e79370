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
import { createSnapshots } from './snapshots.ts'

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
  it('creates the outbox, snapshots, meta and cards tables', () => {
    expect(runMigrations(db, KIOSK_STORE_MIGRATIONS)).toEqual([1, 2])
    expect(tables()).toEqual(['cards', 'meta', 'outbox', 'snapshots'])
  })

  it('moves the cards of a version 1 store into their typed table, read back unchanged', () => {
    runMigrations(db, KIOSK_STORE_MIGRATIONS.slice(0, 1))
    const cards = [
      {
        id: '0b6f3c1e-6a4e-4d0c-9a57-1f2e3d4c5b6a',
        number: '100000000017',
        status: 'blocked',
        programme_id: '5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        points_balance: 120,
        stamps_balance: 0,
        last_earn_at: '2026-11-30T17:45:12.345Z',
        customer_name: 'Zoé Müller',
        preferred_language: 'lb',
      },
      {
        id: 'provisional:100000000025',
        number: '100000000025',
        status: 'active',
        programme_id: '5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        points_balance: 0,
        stamps_balance: 0,
        last_earn_at: null,
        customer_name: 'Jean Weber',
        preferred_language: null,
        provisional: true,
      },
    ]
    const insert = db.prepare(
      `INSERT INTO snapshots (kind, id, data, updated_at) VALUES ('cards', ?, ?, '2026-12-01')`,
    )
    for (const card of cards) insert.run(card.number, JSON.stringify(card))
    db.prepare(
      `INSERT INTO snapshots (kind, id, data, updated_at) VALUES ('staff', 's1', '{}', '2026-12-01')`,
    ).run()

    expect(runMigrations(db, KIOSK_STORE_MIGRATIONS)).toEqual([2])
    const snapshots = createSnapshots(db, () => new Date())
    expect(snapshots.listSnapshot('cards')).toEqual(cards)
    expect(snapshots.snapshotIds('staff')).toEqual(['s1'])
    expect(db.prepare(`SELECT count(*) FROM snapshots WHERE kind = 'cards'`).pluck().get()).toBe(0)
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
