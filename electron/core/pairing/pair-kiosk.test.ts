import { mkdtempSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openKioskStore, type KioskStore } from '../store/kiosk-store.ts'
import { fileKeyProvider } from '../store/key-provider.ts'
import { pairKiosk, PairingError, readPairing } from './pair-kiosk.ts'

// Pairing against a local server that answers as the test says (the real backend's pairing is
// covered by kiosk-core.test.ts): what the kiosk keeps, and what it does with a bad answer.

let server: Server
let backendUrl: string
let next: { status: number; body: unknown } = { status: 201, body: {} }
let store: KioskStore

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      response.writeHead(next.status, { 'content-type': 'application/json' })
      response.end(JSON.stringify(next.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  backendUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rf-kiosk-pair-'))
  store = await openKioskStore({
    path: path.join(dir, 'kiosk.db'),
    keys: fileKeyProvider(path.join(dir, 'kiosk.key')),
  })
})

afterAll(async () => {
  store?.close()
  await new Promise((resolve) => server.close(resolve))
})

const paired = {
  kiosk_id: '7f8091a2-b3c4-4d56-a7f8-091a2b3c4d01',
  credential: 'rfd_secret',
  merchant_id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e01',
  store: {
    id: '3b4c5d6e-7f80-4912-a3b4-c5d6e7f80901',
    code: 'FASHIONHUB',
    name: 'FashionHub',
    timezone: 'Europe/Luxembourg',
    currency: 'EUR',
  },
}

const pair = () =>
  pairKiosk({ store, backendUrl, code: 'ACDE-FGHJ', appVersion: 'test' }).then(
    (pairing) => pairing,
    (error: unknown) => {
      if (error instanceof PairingError) return { code: error.code, message: error.message }
      throw error
    },
  )

describe('pairing', () => {
  it('refuses a malformed answer, naming what was wrong, and keeps nothing', async () => {
    next = { status: 201, body: { data: { ...paired, store: { ...paired.store, id: 'x' } } } }
    const refused = await pair()
    expect(refused).toMatchObject({ code: 'PAIRING_FAILED' })
    expect('message' in refused && refused.message).toContain('data.store.id')
    expect(readPairing(store)).toBeNull()
  })

  it("answers the server's refusal with its code", async () => {
    next = { status: 404, body: { error: { code: 'PAIRING_CODE_INVALID', message: 'no' } } }
    expect(await pair()).toEqual({ code: 'PAIRING_CODE_INVALID', message: 'no' })
  })

  it('keeps the pairing with the backend it was made with', async () => {
    next = { status: 201, body: { data: paired } }
    await pair()
    expect(readPairing(store)).toMatchObject({ ...paired, backend_url: backendUrl })
  })
})
