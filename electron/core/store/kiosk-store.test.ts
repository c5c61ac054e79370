import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fileKeyProvider, type KeyProvider } from './key-provider.ts'
import { openKioskStore, wipeKioskStore, type KioskStore } from './kiosk-store.ts'
import { isStoreError, type StoreErrorCode } from './store-error.ts'
import { KIOSK_STORE_MIGRATIONS } from './migrations.ts'

const CUSTOMER = 'Marguerite Wolff-Schmit'
const CARD = {
  id: '0b6f3c1e-6a4e-4d0c-9a57-1f2e3d4c5b6a',
  number: '100000000017',
  status: 'active',
  programme_id: '5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  points_balance: 40,
  stamps_balance: 0,
  last_earn_at: null,
  customer_name: CUSTOMER,
  preferred_language: 'fr',
}
const LATEST = KIOSK_STORE_MIGRATIONS.length
const PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1')

let dir: string
let dbPath: string
let keys: KeyProvider
const opened: KioskStore[] = []

const open = async (keyProvider: KeyProvider = keys) => {
  const store = await openKioskStore({ path: dbPath, keys: keyProvider })
  opened.push(store)
  return store
}

/** Every file in the folder with a hash of its bytes. */
const folderState = () =>
  Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((name) => name !== 'keys')
      .map((name) => [
        name,
        createHash('sha256')
          .update(fs.readFileSync(path.join(dir, name)))
          .digest('hex'),
      ]),
  )

const failsWith = (code: StoreErrorCode) => (error: unknown) => isStoreError(error, code)

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-store-'))
  dbPath = path.join(dir, 'kiosk.db')
  keys = fileKeyProvider(path.join(dir, 'keys', 'store.key'))
})
afterEach(() => {
  for (const store of opened.splice(0)) store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('openKioskStore', () => {
  it('creates a new store with a new key, at the latest schema version, empty', async () => {
    const store = await open()
    expect(await keys.readKey()).toHaveLength(32)
    expect(store.schemaVersion()).toBe(LATEST)
    expect(store.queueLength()).toBe(0)
    expect(store.listSnapshot('cards')).toEqual([])
    expect(store.getMeta('pairing')).toBeNull()
  })

  it('keeps outbox, snapshots and meta across a reopen with the same key', async () => {
    const first = await open()
    const op = first.enqueue({ type: 'earn', payload: { card_number: '1234', amount_cents: 990 } })
    first.putSnapshot('cards', [{ id: CARD.number, data: CARD }])
    first.setMeta('cursor', { value: 'abc', at: 3 })
    first.close()

    const second = await open()
    expect(second.pendingOperations(10)).toEqual([op])
    expect(second.getSnapshot('cards', CARD.number)).toEqual(CARD)
    expect(second.getMeta('cursor')).toEqual({ value: 'abc', at: 3 })
    expect(second.schemaVersion()).toBe(LATEST)
  })

  it('keeps the database unreadable on disk: no SQLite header, no plaintext', async () => {
    const store = await open()
    store.putSnapshot('cards', [{ id: CARD.number, data: CARD }])
    store.setMeta('pairing', { store_name: CUSTOMER })
    // While open, recent pages live in the WAL: it is encrypted too.
    const wal = fs.readFileSync(`${dbPath}-wal`)
    expect(wal.length).toBeGreaterThan(0)
    expect(wal.includes(CUSTOMER)).toBe(false)
    store.close()

    const bytes = fs.readFileSync(dbPath)
    expect(bytes.length).toBeGreaterThan(0)
    expect(bytes.subarray(0, 16).equals(PLAINTEXT_HEADER)).toBe(false)
    expect(bytes.includes(CUSTOMER)).toBe(false)
    expect(bytes.includes(Buffer.from(CUSTOMER, 'utf16le'))).toBe(false)
    expect(bytes.includes('CREATE TABLE')).toBe(false)
    // And plain SQLite, without a key, cannot read it.
    const plain = new Database(dbPath, { readonly: true, fileMustExist: true })
    expect(() => plain.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(
      /not a database/,
    )
    plain.close()
  })

  it.skipIf(process.platform === 'win32')('creates the database file with mode 0600', async () => {
    ;(await open()).close()
    expect(fs.statSync(dbPath).mode & 0o777).toBe(0o600)
  })

  it('refuses another key with STORE_KEY_INVALID and leaves the files as they were', async () => {
    const store = await open()
    store.putSnapshot('cards', [{ id: CARD.number, data: CARD }])
    store.close()
    const before = folderState()

    const otherKeys = fileKeyProvider(path.join(dir, 'keys', 'other.key'))
    await otherKeys.getOrCreateKey()
    await expect(open(otherKeys)).rejects.toSatisfy(failsWith('STORE_KEY_INVALID'))

    expect(folderState()).toEqual(before)
    expect((await open()).getSnapshot('cards', CARD.number)).toEqual(CARD)
  })

  it('refuses an existing store whose key is gone with STORE_KEY_MISSING, making no new key', async () => {
    ;(await open()).close()
    const before = folderState()
    await keys.destroyKey()

    await expect(open()).rejects.toSatisfy(failsWith('STORE_KEY_MISSING'))
    expect(await keys.readKey()).toBeNull()
    expect(folderState()).toEqual(before)
  })

  it('never opens an unencrypted database in its place', async () => {
    await keys.getOrCreateKey()
    const plain = new Database(dbPath)
    plain.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)`)
    plain.close()
    const before = folderState()

    await expect(open()).rejects.toSatisfy(failsWith('STORE_KEY_INVALID'))
    expect(folderState()).toEqual(before)
  })

  it('creates the store in an empty file left by an interrupted first start', async () => {
    fs.writeFileSync(dbPath, '')
    const store = await open()
    store.setMeta('pairing', null)
    expect(store.schemaVersion()).toBe(LATEST)
  })

  it('runs its migrations once: a reopen applies nothing and keeps the data', async () => {
    const first = await open()
    first.setMeta('kept', true)
    first.close()
    const second = await open()
    expect(second.schemaVersion()).toBe(LATEST)
    expect(second.getMeta('kept')).toBe(true)
  })

  it('rolls back a transaction that throws', async () => {
    const store = await open()
    expect(() =>
      store.transaction(() => {
        store.enqueue({ type: 'earn', payload: {} })
        store.setMeta('half', true)
        throw new Error('stop')
      }),
    ).toThrow('stop')
    expect(store.queueLength()).toBe(0)
    expect(store.getMeta('half')).toBeNull()
    expect(store.transaction(() => store.enqueue({ type: 'earn', payload: {} }).seq)).toBe(1)
  })
})

describe('snapshots', () => {
  it('inserts, replaces, lists by id and deletes rows of one kind', async () => {
    const store = await open()
    store.putSnapshot('rewards', [
      { id: 'r2', data: { name: 'Cake' } },
      { id: 'r1', data: { name: 'Coffee' } },
    ])
    store.putSnapshot('rewards', [{ id: 'r2', data: { name: 'Tart' } }])
    store.putSnapshot('categories', [{ id: 'r1', data: { name: 'Shoes' } }])

    expect(store.listSnapshot('rewards')).toEqual([{ name: 'Coffee' }, { name: 'Tart' }])
    expect(store.snapshotIds('rewards')).toEqual(['r1', 'r2'])
    expect(store.getSnapshot('categories', 'r1')).toEqual({ name: 'Shoes' })
    expect(store.getSnapshot('rewards', 'missing')).toBeNull()
    expect(store.deleteSnapshot('rewards', 'r1')).toBe(true)
    expect(store.deleteSnapshot('rewards', 'r1')).toBe(false)
    expect(store.listSnapshot('rewards')).toEqual([{ name: 'Tart' }])
  })
})

describe('meta', () => {
  it('stores JSON values by key and forgets deleted ones', async () => {
    const store = await open()
    store.setMeta('pairing', { kiosk_id: 'k1', store: { id: 's1' } })
    store.setMeta('pairing', { kiosk_id: 'k2' })
    expect(store.getMeta('pairing')).toEqual({ kiosk_id: 'k2' })
    store.deleteMeta('pairing')
    expect(store.getMeta('pairing')).toBeNull()
  })
})

describe('wipe', () => {
  it('deletes the database files and the key; the next open starts empty and unpaired', async () => {
    const store = await open()
    store.setMeta('pairing', { kiosk_id: 'k1' })
    store.enqueue({ type: 'earn', payload: {} })
    const oldKey = await keys.readKey()
    expect(fs.existsSync(`${dbPath}-wal`)).toBe(true)

    await store.wipe()

    expect(fs.readdirSync(dir).filter((name) => name.startsWith('kiosk.db'))).toEqual([])
    expect(await keys.readKey()).toBeNull()
    const fresh = await open()
    expect(fresh.getMeta('pairing')).toBeNull()
    expect(fresh.queueLength()).toBe(0)
    expect(await keys.readKey()).not.toEqual(oldKey)
  })

  it('wipes a store that cannot be opened any more', async () => {
    ;(await open()).close()
    const lost = fileKeyProvider(path.join(dir, 'keys', 'lost.key'))
    await expect(open(lost)).rejects.toSatisfy(failsWith('STORE_KEY_MISSING'))

    await wipeKioskStore({ path: dbPath, keys })
    expect(fs.existsSync(dbPath)).toBe(false)
    expect(await keys.readKey()).toBeNull()
  })
})

describe('the card copy', () => {
  it('drops the cards last active before the window, keeping its own store’s, made-up ones, unknown ones and those an operation waits on', async () => {
    const store = await open()
    const card = (n: number, extra: object) => ({
      ...CARD,
      id: `0b6f3c1e-6a4e-4d0c-9a57-1f2e3d4c5b${String(n).padStart(2, '0')}`,
      number: `1000000000${String(n).padStart(2, '0')}`,
      ...extra,
    })
    const old = '2026-08-01T10:00:00.000Z'
    const cards = {
      gone: card(1, { last_activity_at: old, home: false }),
      recent: card(2, { last_activity_at: '2026-11-30T10:00:00.000Z', home: false }),
      home: card(3, { last_activity_at: old, home: true }),
      unknown: card(4, {}),
      waitedOn: card(5, { last_activity_at: old, home: false }),
      made: {
        ...card(6, {}),
        id: 'provisional:100000000006',
        provisional: true,
      },
      sent: card(7, { last_activity_at: old, home: false }),
    }
    store.putSnapshot(
      'cards',
      Object.values(cards).map((c) => ({ id: c.number, data: c })),
    )
    expect(store.getSnapshot('cards', cards.gone.number)).toEqual(cards.gone)
    expect(store.getSnapshot('cards', cards.made.number)).toEqual(cards.made)
    store.enqueue({
      type: 'earn',
      payload: { payload: { card_number: cards.waitedOn.number, amount_cents: 990 } },
    })
    const answered = store.enqueue({
      type: 'earn',
      payload: { payload: { card_number: cards.sent.number, amount_cents: 990 } },
    })
    store.markSent([answered.clientId], [{ status: 'applied' }])

    expect(store.pruneCards(new Date('2026-09-01T00:00:00Z'))).toBe(2)
    expect(store.snapshotIds('cards')).toEqual(
      [cards.recent, cards.home, cards.unknown, cards.waitedOn, cards.made].map((c) => c.number),
    )
  })
})
