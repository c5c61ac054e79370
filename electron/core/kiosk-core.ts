import path from 'node:path'
import {
  BRIDGE_EVENTS,
  BRIDGE_METHODS,
  DEFAULT_DEVICE_SETTINGS,
  DeviceSettingsSchema,
  type BridgeError,
  type BridgeEvent,
  type BridgeEventPayload,
  type BridgeMethod,
  type BridgeResult,
  type CardScreen,
  type KioskBridge,
  type DeviceSettings,
  type KioskStatus,
  type OperationOutcome,
  type Visit,
} from '../../shared/kiosk-bridge.ts'
import { parseScanPayload } from '../../shared/scan-payload.ts'
import { affordableRewards, cheapestFirst, nextReward } from '../../shared/rewards.ts'
import { openKioskStore, type KioskStore } from './store/kiosk-store.ts'
import { fileKeyProvider, type KeyProvider } from './store/key-provider.ts'
import { StoreError } from './store/store-error.ts'
import {
  pairKiosk,
  parsePairingQr,
  PairingError,
  readPairing,
  type Pairing,
} from './pairing/pair-kiosk.ts'
import { createSyncEngine, type SyncEngine, type SyncState } from './sync/sync-engine.ts'
import {
  httpSyncTransport,
  TransportError,
  type BackendLookups,
  type SyncTransport,
} from './sync/http-transport.ts'
import { effectOf } from '../../shared/offline-decisions.ts'
import { localCategories } from './sync/local-copy.ts'
import {
  createKioskOperations,
  type KioskOperations,
  type Outcome,
} from './operations/kiosk-operations.ts'
import { createPinGuard, type PinGuard } from './pin/pin-guard.ts'

// The kiosk core behind the bridge contract (shared/kiosk-bridge.ts): the encrypted store, the
// pairing, the staff PIN, the sync engine and the cashier's operations, with every input parsed
// by the contract's schemas and every failure answered with a stable code. The Electron preload
// and the web host's WebSocket both call this object; it never imports electron.

export type KioskCoreOptions = {
  /** Where the encrypted store (and, without `keys`, its key file) live. */
  dataDir: string
  /** Electron's safeStorage in the shell; a 0600 key file by default (web host, tests). */
  keys?: KeyProvider
  appVersion: string
  syncIntervalMs?: number
  now?: () => Date
  /** For tests: how the kiosk reaches the backend (default: HTTP with the device credential). */
  transport?: (pairing: Pairing) => SyncTransport
}

export type KioskCore = KioskBridge & {
  /** A scanner read (any transport): sent to the UI as a `scan` event. */
  scanned: (event: BridgeEventPayload<'scan'>) => void
  close: () => Promise<void>
}

/** Where the device settings are kept (the key predates the name DeviceSettings). */
const SETTINGS = 'kiosk.settings'

/** A refusal with a stable code, answered as `{ ok: false }`. */
class BridgeFailure extends Error {
  constructor(
    readonly code: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(code)
  }
}

type Runtime = {
  pairing: Pairing
  engine: SyncEngine
  operations: KioskOperations
  pin: PinGuard
}

const OFFLINE_STATE: SyncState = {
  online: false,
  syncing: false,
  queueLength: 0,
  lastSyncAt: null,
  lastError: null,
  revoked: false,
}

export const createKioskCore = async (options: KioskCoreOptions): Promise<KioskCore> => {
  const storePath = path.join(options.dataDir, 'kiosk.db')
  const keys = options.keys ?? fileKeyProvider(path.join(options.dataDir, 'kiosk.key'))
  const now = options.now ?? (() => new Date())
  const open = () => openKioskStore({ path: storePath, keys, now })
  let store: KioskStore = await open()
  let runtime: Runtime | null = null
  let staff: { id: string; name: string } | null = null
  const listeners = new Map<BridgeEvent, Set<(payload: never) => void>>()

  const emit = <E extends BridgeEvent>(event: E, payload: BridgeEventPayload<E>) => {
    const parsed = BRIDGE_EVENTS[event].parse(payload)
    for (const listener of listeners.get(event) ?? [])
      (listener as (p: typeof parsed) => void)(parsed)
  }

  /** The settings as stored, parsed once per store (at open, after a revocation) and kept. */
  const storedSettings = (): DeviceSettings => {
    const stored = DeviceSettingsSchema.safeParse(store.getMeta(SETTINGS))
    return stored.success ? stored.data : DEFAULT_DEVICE_SETTINGS
  }
  let current = storedSettings()
  const settings = (): DeviceSettings => current

  const status = (): KioskStatus => ({
    paired: runtime !== null,
    store: runtime
      ? {
          id: runtime.pairing.store.id,
          code: runtime.pairing.store.code,
          name: runtime.pairing.store.name,
          currency: runtime.pairing.store.currency,
          timezone: runtime.pairing.store.timezone,
        }
      : null,
    staff,
    sync: runtime ? runtime.engine.state() : { ...OFFLINE_STATE },
    settings: settings(),
  })

  let transport: { pairing: Pairing; transport: SyncTransport } | null = null
  const transportFor = (pairing: Pairing): SyncTransport => {
    if (transport?.pairing !== pairing) {
      transport = {
        pairing,
        transport: options.transport
          ? options.transport(pairing)
          : httpSyncTransport({ baseUrl: pairing.backend_url, credential: pairing.credential }),
      }
    }
    return transport.transport
  }

  const start = (pairing: Pairing): Runtime => {
    const engine = createSyncEngine({
      store,
      transport: transportFor(pairing),
      appVersion: options.appVersion,
      ...(options.syncIntervalMs ? { intervalMs: options.syncIntervalMs } : {}),
      now,
      onRevoked: () => {
        revoked().catch((error: unknown) => console.error('kiosk core: after revocation', error))
      },
    })
    // After a revocation the store is closed: `revoked` reports the new state itself.
    engine.onChange((state) => {
      if (!state.revoked) emit('status', status())
    })
    const started: Runtime = {
      pairing,
      engine,
      operations: createKioskOperations({
        store,
        sync: engine,
        timeZone: pairing.store.timezone,
        now,
      }),
      pin: createPinGuard({ store, storeId: pairing.store.id, now }),
    }
    engine.start()
    return started
  }

  // The engine has wiped the store and its key: back to an empty, unpaired kiosk.
  /** Counts revocations: a call that was running when one happened answers DEVICE_REVOKED. */
  let revocations = 0
  const revoked = async () => {
    revocations++
    const old = runtime
    runtime = null
    staff = null
    await old?.engine.stop()
    store = await open()
    current = storedSettings()
    emit('locked', { reason: 'revoked' })
    emit('status', status())
  }

  const pairing = readPairing(store)
  if (pairing) runtime = start(pairing)

  const paired = (): Runtime => {
    if (!runtime) throw new BridgeFailure('KIOSK_NOT_PAIRED')
    return runtime
  }
  const signedIn = () => {
    const current = paired()
    if (!staff) throw new BridgeFailure('KIOSK_LOCKED')
    return { ...current, staff }
  }

  const cardNumberOf = (text: string) => {
    const scanned = parseScanPayload(text)
    if (!scanned.ok) throw new BridgeFailure('INVALID_CARD_NUMBER')
    return scanned.number
  }

  const outcome = (result: Outcome): OperationOutcome => {
    switch (result.status) {
      case 'refused':
        throw new BridgeFailure(result.code, result.details)
      case 'queued':
        return {
          clientId: result.clientId,
          occurredAt: result.occurredAt,
          status: 'queued',
          points: result.local.points,
          stamps: result.local.stamps,
          cardNumber: result.local.cardNumber,
          review: null,
        }
      case 'review':
        return {
          clientId: result.clientId,
          occurredAt: result.occurredAt,
          status: 'review',
          points: 0,
          stamps: 0,
          cardNumber: null,
          review: { code: result.code, details: result.details },
        }
      case 'applied': {
        const { answer } = result
        const movement =
          answer.type === 'enroll' || answer.type === 'pin_failed' || answer.type === 'heartbeat'
            ? null
            : answer.result
        return {
          clientId: result.clientId,
          occurredAt: result.occurredAt,
          status: 'applied',
          points: movement?.entry.points_delta ?? 0,
          stamps: movement?.entry.stamps_delta ?? 0,
          cardNumber:
            movement?.card.number ??
            (answer.type === 'enroll' ? answer.result?.card_number : null) ??
            null,
          review: null,
        }
      }
    }
  }

  const cardScreen = async (text: string): Promise<CardScreen> => {
    const { operations, engine } = signedIn()
    const number = cardNumberOf(text)
    // A card enrolled elsewhere since the last pull: one sync, then look again.
    let view = operations.card(number)
    if (!view && engine.state().online) {
      await engine.syncNow()
      view = operations.card(number)
    }
    if (!view) throw new BridgeFailure('CARD_NOT_FOUND')
    const balance = view.programme.type === 'points' ? view.available.points : view.available.stamps
    const rewards = cheapestFirst(view.rewards.filter((r) => r.active))
    const affordable = new Set(affordableRewards(rewards, balance).map((r) => r.id))
    const next = nextReward(rewards, balance)
    return {
      number: view.card.number,
      customerName: view.card.customer_name,
      status: view.card.status,
      provisional: view.card.provisional === true,
      programme: {
        type: view.programme.type,
        name: view.programme.name,
        stampsRequired: view.programme.stamps_required ?? null,
        cooldownMinutes: view.programme.cooldown_minutes,
      },
      balance,
      rewards: rewards.map((r) => ({
        id: r.id,
        name: r.name,
        cost: r.cost,
        affordable: affordable.has(r.id),
      })),
      nextReward: next
        ? {
            id: next.reward.id,
            name: next.reward.name,
            cost: next.reward.cost,
            missing: next.missing,
          }
        : null,
      lastEarnAt: view.card.last_earn_at,
      categories: localCategories(store)
        .filter((c) => c.active)
        .map((c) => ({ id: c.id, name: c.name })),
    }
  }

  /**
   * Asks the backend directly (search, history); offline is a stable code. A revocation seen
   * here goes through the engine's one revocation path (a sync: wipe, then `revoked`).
   */
  const online = async <T>(ask: (lookups: BackendLookups) => Promise<T>): Promise<T> => {
    const { engine, pairing } = signedIn()
    const { lookups } = transportFor(pairing)
    if (!lookups || !engine.state().online) throw new BridgeFailure('KIOSK_OFFLINE')
    try {
      return await ask(lookups)
    } catch (error) {
      if (!(error instanceof TransportError)) throw new BridgeFailure('KIOSK_OFFLINE')
      if (error.failure.kind === 'refused') throw new BridgeFailure(error.failure.code)
      if (error.failure.kind === 'revoked') {
        await engine.syncNow()
        throw new BridgeFailure('DEVICE_REVOKED')
      }
      throw new BridgeFailure('KIOSK_OFFLINE')
    }
  }

  /** This kiosk's queued operations on a card, newest first, with what each does. */
  const queuedVisits = (number: string): Visit[] => {
    const { operations, pairing } = signedIn()
    const view = operations.card(number)
    if (!view) return []
    return view.pending
      .map((op) => {
        const effect = effectOf(op, view.programme, view.rewards)
        return {
          at: op.occurred_at,
          type: op.type,
          points: effect.points,
          stamps: effect.stamps,
          storeName: pairing.store.name,
          pending: true,
        }
      })
      .reverse()
  }

  const visits = async (number: string, limit: number) => {
    const queued = queuedVisits(number)
    try {
      const entries = await online((lookups) => lookups.cardHistory(number, limit))
      const served = entries.map((entry) => ({
        at: entry.occurred_at,
        type: entry.type,
        points: entry.points_delta,
        stamps: entry.stamps_delta,
        storeName: entry.store_name,
        pending: false,
      }))
      return { online: true, visits: [...queued, ...served].slice(0, limit) }
    } catch (error) {
      if (error instanceof BridgeFailure && error.code === 'CARD_NOT_FOUND')
        return { online: true, visits: queued.slice(0, limit) }
      if (error instanceof BridgeFailure && error.code === 'KIOSK_OFFLINE')
        return { online: false, visits: queued.slice(0, limit) }
      throw error
    }
  }

  const search = async (query: string) => {
    const found = await online((lookups) => lookups.searchCards(query))
    return found.map((card) => ({
      number: card.number,
      customerName: card.customer_name,
      email: card.customer_email,
      programmeType: card.programme_type,
      balance: card.programme_type === 'points' ? card.points_balance : card.stamps_balance,
    }))
  }

  // Inputs arrive parsed by the contract's schemas (see `call`).
  const implementations: Record<BridgeMethod, (input: never) => unknown> = {
    status: () => status(),
    pair: async (input: { code?: string; backendUrl?: string; qr?: string }) => {
      if (runtime) throw new BridgeFailure('KIOSK_ALREADY_PAIRED')
      const target = input.qr
        ? parsePairingQr(input.qr)
        : { code: input.code!, backendUrl: input.backendUrl! }
      if (!target) throw new BridgeFailure('PAIRING_CODE_INVALID')
      try {
        const made = await pairKiosk({
          store,
          backendUrl: target.backendUrl,
          code: target.code,
          appVersion: options.appVersion,
          now,
        })
        runtime = start(made)
        await runtime.engine.syncNow()
      } catch (error) {
        if (error instanceof PairingError) throw new BridgeFailure(error.code)
        throw error
      }
      emit('status', status())
      return status()
    },
    unlock: async (input: { pin: string; staffId?: string }) => {
      const { pin } = paired()
      const result = input.staffId
        ? await pin.verifyPin(input.staffId, input.pin)
        : await pin.verifyPinForAnyStaff(input.pin)
      paired().engine.trigger()
      if (!result.ok) {
        const { ok: _ok, code, ...details } = result
        throw new BridgeFailure(code, details)
      }
      staff = result.staff
      emit('status', status())
      return result.staff
    },
    lock: (input: { reason: 'manual' | 'idle' }) => {
      staff = null
      emit('locked', { reason: input.reason })
      emit('status', status())
      return {}
    },
    card: (input: { number: string }) => cardScreen(input.number),
    visits: (input: { cardNumber: string; limit: number }) =>
      visits(cardNumberOf(input.cardNumber), input.limit),
    search: (input: { query: string }) => search(input.query),
    earn: async (input: { cardNumber: string; amountCents: number; categoryId?: string }) => {
      const { operations, staff: by } = signedIn()
      return outcome(
        await operations.earn({
          staffId: by.id,
          cardNumber: cardNumberOf(input.cardNumber),
          amountCents: input.amountCents,
          ...(input.categoryId ? { categoryId: input.categoryId } : {}),
        }),
      )
    },
    stamp: async (input: { cardNumber: string; count: number; categoryId?: string }) => {
      const { operations, staff: by } = signedIn()
      return outcome(
        await operations.stamp({
          staffId: by.id,
          cardNumber: cardNumberOf(input.cardNumber),
          count: input.count,
          ...(input.categoryId ? { categoryId: input.categoryId } : {}),
        }),
      )
    },
    redeem: async (input: { cardNumber: string; rewardId: string }) => {
      const { operations, staff: by } = signedIn()
      return outcome(
        await operations.redeem({
          staffId: by.id,
          cardNumber: cardNumberOf(input.cardNumber),
          rewardId: input.rewardId,
        }),
      )
    },
    enroll: async (input: {
      email: string
      name: string
      phone?: string
      birthday?: string
      preferredLanguage?: 'en' | 'fr' | 'de' | 'lb'
      marketingConsent: boolean
    }) => {
      const { operations, staff: by } = signedIn()
      return outcome(await operations.enroll({ staffId: by.id, ...input }))
    },
    undo: async (input: { clientId: string; reason: string }) => {
      const { operations, staff: by } = signedIn()
      return outcome(
        await operations.reverse({
          staffId: by.id,
          targetClientId: input.clientId,
          reason: input.reason,
        }),
      )
    },
    updateSettings: (input: Partial<DeviceSettings>) => {
      const next = DeviceSettingsSchema.parse({ ...settings(), ...input })
      store.setMeta(SETTINGS, next)
      current = next
      emit('status', status())
      return next
    },
  }

  /** Parses the input with the contract, runs the method, answers with a stable code. */
  const call = async (method: BridgeMethod, input: unknown): Promise<BridgeResult<unknown>> => {
    const parsed = BRIDGE_METHODS[method].input.safeParse(input ?? {})
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'VALIDATION_FAILED',
          details: {
            fields: parsed.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })),
          },
        },
      }
    }
    const revocationsBefore = revocations
    try {
      const value = await (implementations[method] as (input: unknown) => unknown)(parsed.data)
      return { ok: true, value: BRIDGE_METHODS[method].output.parse(value) }
    } catch (error) {
      // The store was wiped under this call (its database closed): say why, not INTERNAL_ERROR.
      if (revocations !== revocationsBefore)
        return { ok: false, error: { code: 'DEVICE_REVOKED', details: {} } }
      const failure: BridgeError =
        error instanceof BridgeFailure
          ? { code: error.code, details: error.details }
          : error instanceof StoreError
            ? { code: error.code, details: {} }
            : { code: 'INTERNAL_ERROR', details: {} }
      if (failure.code === 'INTERNAL_ERROR') console.error('kiosk core:', error)
      return { ok: false, error: failure }
    }
  }

  const bridge = Object.fromEntries(
    (Object.keys(BRIDGE_METHODS) as BridgeMethod[]).map((method) => [
      method,
      (input: unknown) => call(method, input),
    ]),
  ) as unknown as Omit<KioskBridge, 'on'>

  return {
    ...bridge,
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set()
      set.add(listener as (payload: never) => void)
      listeners.set(event, set)
      return () => set.delete(listener as (payload: never) => void)
    },
    scanned: (event) => emit('scan', event),
    close: async () => {
      await runtime?.engine.stop()
      store.close()
    },
  }
}
