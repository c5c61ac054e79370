import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openKioskStore, type KioskStore } from '../store/kiosk-store.ts'
import { fileKeyProvider } from '../store/key-provider.ts'
import type { CardSnapshot } from '../../../shared/schemas/kiosk-snapshots.ts'
import { createSyncEngine, type QueuedOperation } from './sync-engine.ts'
import { httpSyncTransport } from './http-transport.ts'
import { createTestBackend, type TestBackend } from '../test/test-backend.ts'

// The kiosk's sync against the real backend process on real PostgreSQL, with the backend
// stopped, crashed mid-batch and restarted.

let backend: TestBackend
let store: KioskStore
let credential: string
let cards: { number: string; email: string }[]

beforeAll(async () => {
  backend = await createTestBackend()
  await backend.start()
  const code = await backend.pairingCode('FASHIONHUB')
  const paired = await fetch(`${backend.url}/api/v1/kiosk/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, app_version: 'test' }),
  })
  credential = ((await paired.json()) as { data: { credential: string } }).data.credential
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rf-kiosk-'))
  store = await openKioskStore({
    path: path.join(dir, 'kiosk.db'),
    keys: fileKeyProvider(path.join(dir, 'kiosk.key')),
  })
  cards = await backend.query<{ number: string; email: string }>(
    `SELECT c.number, cu.email FROM cards c JOIN customers cu ON cu.id = c.customer_id
      JOIN merchants m ON m.id = c.merchant_id WHERE m.slug = 'fashion-group' ORDER BY cu.email`,
  )
}, 120_000)

afterAll(async () => {
  store?.close()
  await backend?.dispose()
})

const engine = () =>
  createSyncEngine({
    store,
    transport: httpSyncTransport({ baseUrl: backend.url, credential, timeoutMs: 10_000 }),
    appVersion: 'test',
    batchSize: 50,
  })

/** Earnings decided offline, `spacingMs` apart per card, oldest first. */
const queueEarnings = (count: number, startAt: Date, spacingMs = 6 * 60_000) =>
  Array.from({ length: count }, (_, i) => {
    const card = cards[i % cards.length]!
    const clientId = randomUUID()
    const op: QueuedOperation = {
      occurred_at: new Date(
        startAt.getTime() + Math.floor(i / cards.length) * spacingMs + (i % cards.length),
      ).toISOString(),
      decided_offline: true,
      staff_id: null,
      payload: { card_number: card.number, amount_cents: 100 + i },
    } as QueuedOperation
    store.enqueue({ clientId, type: 'earn', payload: op })
    return clientId
  })

const serverBalances = async () =>
  Object.fromEntries(
    (
      await backend.query<{ number: string; points_balance: number }>(
        `SELECT number, points_balance FROM cards WHERE number = ANY($1)`,
        [cards.map((c) => c.number)],
      )
    ).map((r) => [r.number, r.points_balance]),
  )

describe('kiosk sync against the real backend', () => {
  it('pulls the store snapshot, works offline, and drains the queue when the backend is back', async () => {
    const sync = engine()
    const first = await sync.syncNow()
    expect(first).toMatchObject({ online: true, queueLength: 0 })
    expect(store.listSnapshot<CardSnapshot>('cards').map((c) => c.number)).toEqual(
      expect.arrayContaining(cards.map((c) => c.number)),
    )

    await backend.stop()
    const ids = queueEarnings(10, new Date(Date.now() - 4 * 3_600_000))
    const offline = await sync.syncNow()
    expect(offline).toMatchObject({ online: false, queueLength: 10 })
    expect(offline.lastError).toBeTruthy()

    await backend.start()
    const drained = await sync.syncNow()
    expect(drained).toMatchObject({ online: true, queueLength: 0 })
    const applied = await backend.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM ledger_entries WHERE client_id = ANY($1)',
      [ids],
    )
    expect(applied[0]!.n).toBe(10)
    const server = await serverBalances()
    for (const card of store
      .listSnapshot<CardSnapshot>('cards')
      .filter((c) => c.number in server)) {
      expect(card.points_balance, card.number).toBe(server[card.number])
    }
  }, 120_000)

  it('loses nothing and doubles nothing when the backend crashes in the middle of a batch', async () => {
    // No cooldown or cap here: every one of the 300 earnings must be applied exactly once.
    await backend.query(`UPDATE programmes SET cooldown_minutes = 0, daily_cap = NULL`)
    const ids = queueEarnings(300, new Date(Date.now() - 3_600_000), 1_000)
    const sync = engine()
    const running = sync.syncNow()
    // Let some batches commit, then crash the backend while the kiosk is pushing.
    for (let i = 0; i < 200 && store.queueLength() > 250; i++)
      await new Promise((r) => setTimeout(r, 25))
    await backend.stop('SIGKILL')
    const afterCrash = await running
    expect(afterCrash.online).toBe(false)
    expect(afterCrash.queueLength).toBeGreaterThan(0)
    expect(afterCrash.queueLength).toBeLessThan(300)

    await backend.start()
    const drained = await sync.syncNow()
    expect(drained).toMatchObject({ online: true, queueLength: 0 })
    const perClient = await backend.query<{ client_id: string; n: number }>(
      'SELECT client_id, count(*)::int AS n FROM ledger_entries WHERE client_id = ANY($1) GROUP BY client_id',
      [ids],
    )
    expect(perClient).toHaveLength(300)
    expect(perClient.every((row) => row.n === 1)).toBe(true)
    const mismatches = await backend.query(
      `SELECT c.number FROM cards c LEFT JOIN (SELECT card_id, sum(points_delta) s FROM ledger_entries WHERE status <> 'review' GROUP BY card_id) l ON l.card_id = c.id
        WHERE c.points_balance <> coalesce(l.s, 0)`,
    )
    expect(mismatches).toEqual([])
  }, 180_000)

  it('drops at a sync the cards that left the 90-day window, keeping its store’s own', async () => {
    // Two of the members were enrolled at another store of the chain.
    await backend.query(
      `UPDATE cards SET enrolled_store_id = (
         SELECT s.id FROM stores s WHERE s.merchant_id = cards.merchant_id
            AND s.code <> 'FASHIONHUB' ORDER BY s.code LIMIT 1)
        WHERE number = ANY($1)`,
      [cards.slice(0, 2).map((c) => c.number)],
    )
    await engine().syncNow()
    const home = new Set(
      (
        await backend.query<{ number: string }>(
          `SELECT c.number FROM cards c JOIN stores s ON s.id = c.enrolled_store_id
             JOIN merchants m ON m.id = s.merchant_id
            WHERE m.slug = 'fashion-group' AND s.code = 'FASHIONHUB'`,
        )
      ).map((row) => row.number),
    )
    const held = store.listSnapshot<CardSnapshot>('cards')
    expect(held.map((c) => [c.number, c.home])).toEqual(
      held.map((c) => [c.number, home.has(c.number)]),
    )
    expect(held.some((c) => c.home)).toBe(true)
    expect(held.some((c) => !c.home)).toBe(true)

    // Three months and a day later by the kiosk's clock, and nobody came back meanwhile.
    const later = new Date(Date.now() + 91 * 86_400_000)
    const state = await createSyncEngine({
      store,
      transport: httpSyncTransport({ baseUrl: backend.url, credential, timeoutMs: 10_000 }),
      appVersion: 'test',
      now: () => later,
    }).syncNow()
    expect(state.online).toBe(true)
    expect(store.snapshotIds('cards').sort()).toEqual(
      held
        .filter((c) => c.home)
        .map((c) => c.number)
        .sort(),
    )
  }, 60_000)

  it('wipes the store and its key when the kiosk has been revoked', async () => {
    await backend.query(`UPDATE kiosks SET status = 'revoked', revoked_at = now()`)
    let revoked = false
    const sync = createSyncEngine({
      store,
      transport: httpSyncTransport({ baseUrl: backend.url, credential }),
      appVersion: 'test',
      onRevoked: () => {
        revoked = true
      },
    })
    const state = await sync.syncNow()
    expect(state.revoked).toBe(true)
    expect(revoked).toBe(true)
  }, 60_000)
})
