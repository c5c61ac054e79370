import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SyncResult } from '../../../shared/schemas/kiosk-api.ts'
import { openKioskStore } from '../store/kiosk-store.ts'
import { fileKeyProvider } from '../store/key-provider.ts'
import { httpSyncTransport, TransportError } from './http-transport.ts'
import { createSyncEngine } from './sync-engine.ts'

// What the kiosk does with answers that do not match the shared contract. The real backend
// never sends one, so a local HTTP server plays a backend that does: its next answer is set by
// each test.

let server: Server
let baseUrl: string
let next: { status: number; body: string } = { status: 200, body: '{}' }
const requests: string[] = []

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`)
    request.resume()
    request.on('end', () => {
      response.writeHead(next.status, { 'content-type': 'application/json' })
      response.end(next.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise((resolve) => server.close(resolve)))

const answer = (body: unknown, status = 200) => {
  next = { status, body: JSON.stringify(body) }
}

const emptySync = (): SyncResult => ({
  results: [],
  changes: {
    cards: [],
    programmes: [],
    rewards: [],
    categories: [],
    staff: [],
    card_numbers: [],
    kiosk: {
      status: 'active',
      offline_limits: { max_offline_minutes_for_redemptions: 60, max_offline_redemption_points: 0 },
      idle_lock_minutes: 5,
    },
  },
  review_outcomes: [],
  cursor: '42',
  more: false,
  server_time: new Date().toISOString(),
})

const syncBody = {
  cursor: null,
  device_time: new Date().toISOString(),
  app_version: 'test',
  queue_length: 0,
  operations: [],
}

const transport = () => httpSyncTransport({ baseUrl, credential: 'rfd_test', timeoutMs: 5_000 })

const failureOf = async (call: Promise<unknown>) => {
  const error = await call.then(
    () => null,
    (thrown: unknown) => thrown,
  )
  if (!(error instanceof TransportError)) throw new Error(`not a TransportError: ${error}`)
  return error.failure
}

describe('the kiosk transport', () => {
  it('takes a sync answer that matches the contract', async () => {
    answer({ data: emptySync() })
    await expect(transport().sync(syncBody)).resolves.toMatchObject({ cursor: '42' })
  })

  it('refuses a malformed sync answer with an error that names what was wrong', async () => {
    const malformed = emptySync()
    answer({
      data: {
        ...malformed,
        changes: { ...malformed.changes, programmes: [{ id: 'p1', type: 'points' }] },
      },
    })
    const failure = await failureOf(transport().sync(syncBody))
    expect(failure).toMatchObject({ kind: 'malformed', path: '/api/v1/kiosk/sync' })
    expect(failure.kind === 'malformed' && failure.message).toContain('changes.programmes[0]')
  })

  it("refuses an operation's answer that is not the shape of its type", async () => {
    answer({
      data: {
        ...emptySync(),
        results: [
          {
            client_id: randomUUID(),
            type: 'earn',
            outcome: 'applied',
            // An enrollment's answer to an earning.
            result: { card_number: '482910375561', already_member: false },
            error: null,
          },
        ],
      },
    })
    const failure = await failureOf(transport().sync(syncBody))
    expect(failure.kind).toBe('malformed')
    expect(failure.kind === 'malformed' && failure.message).toContain('results[0].result')
  })

  it('refuses an answer that is not JSON at all', async () => {
    next = { status: 200, body: '<html>proxy login</html>' }
    expect(await failureOf(transport().sync(syncBody))).toEqual({
      kind: 'malformed',
      path: '/api/v1/kiosk/sync',
      message: 'not JSON',
    })
  })

  it('refuses a malformed lookup answer, and tells refusals and revocation apart', async () => {
    answer({ data: [{ number: '482910375561' }] })
    expect(await failureOf(transport().lookups!.searchCards('marie@example.lu'))).toMatchObject({
      kind: 'malformed',
      path: '/api/v1/kiosk/cards',
    })
    answer({ error: { code: 'CARD_NOT_FOUND', message: 'no such card' } }, 404)
    expect(await failureOf(transport().lookups!.cardHistory('482910375561', 5))).toEqual({
      kind: 'refused',
      status: 404,
      code: 'CARD_NOT_FOUND',
    })
    expect(requests.at(-1)).toBe('GET /api/v1/kiosk/cards/482910375561/history?per_page=5')
    answer({ error: { code: 'DEVICE_REVOKED', message: 'revoked' } }, 401)
    expect(await failureOf(transport().sync(syncBody))).toEqual({ kind: 'revoked' })
  })

  it('keeps the outbox and records the error when the sync answer is malformed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rf-kiosk-transport-'))
    const store = await openKioskStore({
      path: path.join(dir, 'kiosk.db'),
      keys: fileKeyProvider(path.join(dir, 'kiosk.key')),
    })
    try {
      const clientId = randomUUID()
      store.enqueue({
        clientId,
        type: 'heartbeat',
        payload: { occurred_at: new Date().toISOString(), staff_id: null, payload: {} },
      })
      answer({ data: { ...emptySync(), cursor: 7 } })
      const engine = createSyncEngine({ store, transport: transport(), appVersion: 'test' })
      const state = await engine.syncNow()
      expect(state).toMatchObject({ online: false, queueLength: 1 })
      expect(state.lastError).toMatch(/^malformed answer from \/api\/v1\/kiosk\/sync: .*cursor/s)
      expect(store.operation(clientId)).toMatchObject({ status: 'pending', result: null })
      expect(store.getMeta('sync.cursor')).toBeNull()
    } finally {
      store.close()
    }
  })
})
