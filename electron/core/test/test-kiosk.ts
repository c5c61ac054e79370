import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openKioskStore, type KioskStore } from '../store/kiosk-store.ts'
import { fileKeyProvider } from '../store/key-provider.ts'
import { pairKiosk, type Pairing } from '../pairing/pair-kiosk.ts'
import { createKioskOperations, type KioskOperations } from '../operations/kiosk-operations.ts'
import { createSyncEngine, type SyncEngine } from '../sync/sync-engine.ts'
import { httpSyncTransport, TransportError, type SyncTransport } from '../sync/http-transport.ts'
import type { TestBackend } from './test-backend.ts'

// Test support: a whole kiosk (encrypted store, sync engine, operations) paired with a test
// backend, behind a transport whose network the test can cut.

/** up: normal; down: nothing reaches the server; lose-response: the server applies, the answer is lost. */
export type NetworkMode = 'up' | 'down' | 'lose-response'

export type FaultyTransport = SyncTransport & { mode: NetworkMode }

export const faultyTransport = (inner: SyncTransport): FaultyTransport => {
  const transport: FaultyTransport = {
    mode: 'up',
    sync: async (body) => {
      if (transport.mode === 'down')
        throw new TransportError({ kind: 'unreachable', message: 'network down (test)' })
      const result = await inner.sync(body)
      if (transport.mode === 'lose-response')
        throw new TransportError({ kind: 'unreachable', message: 'response lost (test)' })
      return result
    },
  }
  return transport
}

export type TestKiosk = {
  store: KioskStore
  pairing: Pairing
  network: FaultyTransport
  engine: SyncEngine
  operations: KioskOperations
  close: () => Promise<void>
}

export const createTestKiosk = async (
  backend: TestBackend,
  storeCode: string,
  options: { now?: () => Date; batchSize?: number } = {},
): Promise<TestKiosk> => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rf-kiosk-'))
  const store = await openKioskStore({
    path: path.join(dir, 'kiosk.db'),
    keys: fileKeyProvider(path.join(dir, 'kiosk.key')),
  })
  const pairing = await pairKiosk({
    store,
    backendUrl: backend.url,
    code: await backend.pairingCode(storeCode),
    appVersion: 'test',
  })
  const network = faultyTransport(
    httpSyncTransport({ baseUrl: backend.url, credential: pairing.credential, timeoutMs: 20_000 }),
  )
  const engine = createSyncEngine({
    store,
    transport: network,
    appVersion: 'test',
    batchSize: options.batchSize ?? 500,
  })
  const operations = createKioskOperations({
    store,
    sync: engine,
    timeZone: pairing.store.timezone,
    ...(options.now ? { now: options.now } : {}),
  })
  return {
    store,
    pairing,
    network,
    engine,
    operations,
    close: async () => {
      await engine.stop()
      store.close()
    },
  }
}
