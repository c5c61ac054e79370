import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fileKeyProvider } from './key-provider.ts'
import { openKioskStore, type KioskStore } from './kiosk-store.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

let dir: string
let store: KioskStore
let clock: Date

const open = () =>
  openKioskStore({
    path: path.join(dir, 'kiosk.db'),
    keys: fileKeyProvider(path.join(dir, 'store.key')),
    now: () => clock,
  })

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-outbox-'))
  clock = new Date('2026-03-01T09:00:00.000Z')
  store = await open()
})
afterEach(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('outbox', () => {
  it('stores an operation with a new client UUID, pending, at the current time', () => {
    const op = store.enqueue({ type: 'stamp', payload: { card_number: '42', count: 1 } })
    expect(op).toEqual({
      clientId: expect.stringMatching(UUID),
      seq: 1,
      type: 'stamp',
      payload: { card_number: '42', count: 1 },
      createdAt: '2026-03-01T09:00:00.000Z',
      attempts: 0,
      lastError: null,
      status: 'pending',
      result: null,
    })
    expect(store.operation(op.clientId)).toEqual(op)
  })

  it('hands out pending operations in the order they were queued, up to the limit', () => {
    const ids = ['c', 'a', 'b', 'e', 'd'].map(
      (letter) =>
        store.enqueue({ clientId: `${letter}-id`, type: 'earn', payload: letter }).clientId,
    )
    expect(store.pendingOperations(3).map((op) => op.clientId)).toEqual(ids.slice(0, 3))
    expect(store.pendingOperations(10).map((op) => op.seq)).toEqual([1, 2, 3, 4, 5])
    expect(store.queueLength()).toBe(5)
  })

  it('returns the first operation when a client id is queued again, without a second row', () => {
    const first = store.enqueue({ clientId: 'same', type: 'redeem', payload: { reward: 'r1' } })
    clock = new Date('2026-03-01T09:05:00.000Z')
    const again = store.enqueue({ clientId: 'same', type: 'redeem', payload: { reward: 'r2' } })
    expect(again).toEqual(first)
    expect(store.queueLength()).toBe(1)
    expect(store.enqueue({ type: 'earn', payload: null }).seq).toBe(2)
  })

  it('takes sent operations out of the queue and keeps the first result of each', () => {
    const a = store.enqueue({ type: 'earn', payload: 1 })
    const b = store.enqueue({ type: 'earn', payload: 2 })
    const c = store.enqueue({ type: 'earn', payload: 3 })

    store.markSent([a.clientId, c.clientId], [{ outcome: 'applied' }, { outcome: 'review' }])
    store.markSent([a.clientId], [{ outcome: 'duplicate' }])

    expect(store.pendingOperations(10).map((op) => op.clientId)).toEqual([b.clientId])
    expect(store.queueLength()).toBe(1)
    expect(store.operation(a.clientId)).toMatchObject({
      status: 'sent',
      result: { outcome: 'applied' },
      attempts: 1,
    })
    expect(store.operation(c.clientId)?.result).toEqual({ outcome: 'review' })
  })

  it('refuses results that do not pair with the client ids', () => {
    const a = store.enqueue({ type: 'earn', payload: 1 })
    expect(() => store.markSent([a.clientId], [])).toThrow(RangeError)
    expect(store.queueLength()).toBe(1)
  })

  it('counts failed attempts and keeps the last error, leaving operations pending', () => {
    const a = store.enqueue({ type: 'earn', payload: 1 })
    store.recordAttempt([a.clientId], 'ECONNREFUSED')
    store.recordAttempt([a.clientId], 'HTTP 503')
    expect(store.pendingOperations(1)[0]).toMatchObject({
      attempts: 2,
      lastError: 'HTTP 503',
      status: 'pending',
    })
  })

  it('marks a pending operation as decided offline, never one the server already answered', () => {
    const pending = store.enqueue({ type: 'earn', payload: { decided_offline: false } })
    const answered = store.enqueue({ type: 'earn', payload: { decided_offline: false } })
    store.markSent([answered.clientId], [{ outcome: 'applied' }])
    store.markDecidedOffline(pending.clientId)
    store.markDecidedOffline(answered.clientId)
    expect(store.operation(pending.clientId)?.payload).toEqual({ decided_offline: true })
    expect(store.operation(answered.clientId)?.payload).toEqual({ decided_offline: false })
  })

  it('prunes answered operations older than a date and keeps pending ones', () => {
    const old = store.enqueue({ type: 'earn', payload: {} })
    const oldPending = store.enqueue({ type: 'earn', payload: {} })
    store.markSent([old.clientId], [{ outcome: 'applied' }])
    clock = new Date('2026-03-09T09:00:00.000Z')
    const recent = store.enqueue({ type: 'earn', payload: {} })
    store.markSent([recent.clientId], [{ outcome: 'applied' }])
    expect(store.pruneSent(new Date('2026-03-08T00:00:00.000Z'))).toBe(1)
    expect(store.operation(old.clientId)).toBeNull()
    expect(store.operation(oldPending.clientId)?.status).toBe('pending')
    expect(store.operation(recent.clientId)?.status).toBe('sent')
  })

  it('keeps counting seq after a restart', async () => {
    store.enqueue({ type: 'earn', payload: 1 })
    store.enqueue({ type: 'earn', payload: 2 })
    store.close()
    store = await open()
    expect(store.enqueue({ type: 'earn', payload: 3 }).seq).toBe(3)
  })

  it('refuses a limit that is not a positive integer', () => {
    expect(() => store.pendingOperations(0)).toThrow(RangeError)
  })
})
