import type { KioskStore } from '../store/kiosk-store.ts'
import type { SyncBody, KioskOperation } from '../../../shared/schemas/kiosk-api.ts'
import { MAX_CARDS_WANTED, MAX_OPERATIONS_PER_SYNC } from '../../../shared/schemas/kiosk-api.ts'
import { applySyncResult } from './apply-changes.ts'
import { lastSyncAt, syncCursor } from './local-copy.ts'
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts'
import { TransportError, type SyncTransport } from './http-transport.ts'

/** What the status bar shows. */
export type SyncState = {
  online: boolean
  syncing: boolean
  queueLength: number
  lastSyncAt: string | null
  lastError: string | null
  revoked: boolean
}

export type SyncEngineOptions = {
  store: KioskStore
  transport: SyncTransport
  appVersion: string
  /** Called after a revocation wiped the store: the app returns to pairing. */
  onRevoked?: () => void
  intervalMs?: number
  backoff?: BackoffOptions
  batchSize?: number
  now?: () => Date
  random?: () => number
}

export type SyncEngine = {
  /**
   * Pushes everything pending (in batches) and pulls (a first sync: every page); resolves with
   * the state after. `wanted`: card numbers the kiosk lacks, asked for by name.
   */
  syncNow: (wanted?: readonly string[]) => Promise<SyncState>
  /** Syncs now and then every `intervalMs` (online) or with backoff (offline), until stop(). */
  start: () => void
  /** Wakes the loop (a new operation was queued). */
  trigger: () => void
  stop: () => Promise<void>
  state: () => SyncState
  onChange: (listener: (state: SyncState) => void) => () => void
}

/** The outbox row for a kiosk operation: everything but client id and type goes in the payload. */
export type QueuedOperation = Omit<KioskOperation, 'client_id' | 'type'>

/** When a queued operation happened: its own time, else when it was queued. */
const occurredAtOf = (op: { payload: unknown; createdAt: string }) =>
  (op.payload as Partial<QueuedOperation>).occurred_at ?? op.createdAt

/**
 * Push, then pull: the outbox in order, in batches of up to 500, each answered per operation
 * (applied, duplicate, rejected or review — all mean the server has it); then the changes since
 * the cursor. Unreachable: offline, retried with exponential backoff and jitter. Revoked: the
 * store and its key are wiped.
 */
export const createSyncEngine = (options: SyncEngineOptions): SyncEngine => {
  const { store, transport } = options
  const now = options.now ?? (() => new Date())
  const batchSize = Math.min(options.batchSize ?? MAX_OPERATIONS_PER_SYNC, MAX_OPERATIONS_PER_SYNC)
  const listeners = new Set<(state: SyncState) => void>()
  let state: SyncState = {
    online: false,
    syncing: false,
    queueLength: store.queueLength(),
    lastSyncAt: lastSyncAt(store),
    lastError: null,
    revoked: false,
  }
  let failures = 0
  let running = false
  let wake: (() => void) | null = null
  let loop: Promise<void> | null = null
  let inFlight: Promise<SyncState> | null = null

  const update = (patch: Partial<SyncState>) => {
    state = { ...state, ...patch }
    for (const listener of listeners) listener(state)
  }

  const pushAndPull = async (wanted: readonly string[]): Promise<SyncState> => {
    update({ syncing: true })
    let asking = wanted.slice(0, MAX_CARDS_WANTED)
    try {
      for (;;) {
        // One more than a batch: the first left out is the oldest still waiting after it.
        const waiting = store.pendingOperations(batchSize + 1)
        const pending = waiting.slice(0, batchSize)
        const next = waiting[batchSize]
        const body: SyncBody = {
          cursor: syncCursor(store),
          device_time: now().toISOString(),
          app_version: options.appVersion,
          queue_length: store.queueLength(),
          oldest_pending_at: next ? occurredAtOf(next) : null,
          operations: pending.map(
            (op) =>
              ({
                client_id: op.clientId,
                type: op.type,
                ...(op.payload as QueuedOperation),
              }) as KioskOperation,
          ),
          ...(asking.length > 0 ? { cards_wanted: [...asking] } : {}),
        }
        let more = false
        try {
          const result = await transport.sync(body)
          applySyncResult(store, pending, result, now())
          more = result.more
          asking = []
        } catch (error) {
          if (error instanceof TransportError && error.failure.kind === 'revoked') {
            await store.wipe()
            update({ revoked: true, online: false, queueLength: 0, lastError: 'DEVICE_REVOKED' })
            options.onRevoked?.()
            return state
          }
          const message = error instanceof Error ? error.message : String(error)
          if (pending.length > 0)
            store.recordAttempt(
              pending.map((op) => op.clientId),
              message,
            )
          failures++
          update({ online: false, lastError: message, queueLength: store.queueLength() })
          return state
        }
        failures = 0
        update({
          online: true,
          lastError: null,
          queueLength: store.queueLength(),
          lastSyncAt: lastSyncAt(store),
        })
        // A full batch may leave more to push; a first sync's page, more cards to pull.
        if (pending.length < batchSize && !more) return state
      }
    } finally {
      update({ syncing: false })
    }
  }

  // One sync at a time: a second call waits for the first and then runs once more.
  const syncNow = async (wanted: readonly string[] = []): Promise<SyncState> => {
    while (inFlight) await inFlight
    inFlight = pushAndPull(wanted).finally(() => {
      inFlight = null
    })
    return inFlight
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })

  return {
    syncNow,
    start: () => {
      if (running) return
      running = true
      loop = (async () => {
        while (running && !state.revoked) {
          await syncNow()
          if (!running || state.revoked) break
          const delay = state.online
            ? (options.intervalMs ?? 15_000)
            : backoffDelay(failures, options.backoff ?? DEFAULT_BACKOFF, options.random)
          await sleep(delay)
        }
      })()
    },
    trigger: () => wake?.(),
    stop: async () => {
      running = false
      wake?.()
      await loop
      await inFlight
    },
    state: () => state,
    onChange: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
