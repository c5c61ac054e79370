import path from 'node:path'
import {
  DEFAULT_DEVICE_SETTINGS,
  DeviceSettingsSchema,
  type DeviceSettings,
  type KioskStatus,
} from '../../shared/kiosk-bridge.ts'
import { BridgeFailure } from './bridge/dispatch-bridge.ts'
import { createKioskOperations, type KioskOperations } from './operations/kiosk-operations.ts'
import { readPairing, type Pairing } from './pairing/pair-kiosk.ts'
import { createPinGuard, type PinGuard } from './pin/pin-guard.ts'
import { fileKeyProvider, type KeyProvider } from './store/key-provider.ts'
import { openKioskStore, type KioskStore } from './store/kiosk-store.ts'
import {
  httpSyncTransport,
  type BackendLookups,
  type SyncTransport,
} from './sync/http-transport.ts'
import { createSyncEngine, type SyncEngine, type SyncState } from './sync/sync-engine.ts'
import { localIdleLockMaxMinutes, localReviewOutcomes } from './sync/local-copy.ts'
import { kioskIdleLockMinutes } from '../../shared/idle-lock.ts'

// The kiosk as a device: its encrypted store, and once paired the sync engine, the cashier's
// operations and the PIN guard over it; who is signed in; the device settings. A revocation
// wipes the store: the session reopens an empty one and is an unpaired kiosk again.

export type KioskSessionOptions = {
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

/** When the kiosk locks itself: the device's minutes, capped by the merchant's maximum. */
const idleLockOf = (settings: DeviceSettings, merchantMaxMinutes: number | null) => ({
  minutes: kioskIdleLockMinutes(settings.idleLockMinutes, merchantMaxMinutes),
  merchantMaxMinutes,
})

/** A paired kiosk at work. */
export type Runtime = {
  pairing: Pairing
  engine: SyncEngine
  operations: KioskOperations
  pin: PinGuard
  /** Online lookups on the backend; none when the transport has none. */
  lookups: BackendLookups | undefined
}

export type StaffMember = { id: string; name: string }

export type KioskSession = {
  store: () => KioskStore
  now: () => Date
  isPaired: () => boolean
  /** Starts the sync engine, the operations and the PIN guard for a new pairing. */
  start: (pairing: Pairing) => Runtime
  /** The paired kiosk, or KIOSK_NOT_PAIRED. */
  paired: () => Runtime
  /** The paired kiosk with the signed-in staff member, or KIOSK_NOT_PAIRED / KIOSK_LOCKED. */
  signedIn: () => Runtime & { staff: StaffMember }
  signIn: (staff: StaffMember | null) => void
  /** Keeps the device settings with `changes` applied; answers what is kept. */
  updateSettings: (changes: Partial<DeviceSettings>) => DeviceSettings
  status: () => KioskStatus
  /** How many revocations happened (see DispatchOptions). */
  revocations: () => number
  close: () => Promise<void>
}

/** Where the device settings are kept (the key predates the name DeviceSettings). */
const SETTINGS = 'kiosk.settings'

const OFFLINE_STATE: SyncState = {
  online: false,
  syncing: false,
  queueLength: 0,
  lastSyncAt: null,
  lastError: null,
  revoked: false,
}

export const openKioskSession = async (
  options: KioskSessionOptions,
  on: {
    /** The status changed (sync state); not after a revocation, which `revoked` reports. */
    changed: (status: KioskStatus) => void
    /** The store was wiped and reopened empty: an unpaired kiosk. */
    revoked: (status: KioskStatus) => void
  },
): Promise<KioskSession> => {
  const storePath = path.join(options.dataDir, 'kiosk.db')
  const keys = options.keys ?? fileKeyProvider(path.join(options.dataDir, 'kiosk.key'))
  const now = options.now ?? (() => new Date())
  const open = () => openKioskStore({ path: storePath, keys, now })
  let store: KioskStore = await open()
  let runtime: Runtime | null = null
  let staff: StaffMember | null = null
  let revocations = 0

  /** The settings as stored, parsed once per store (at open, after a revocation) and kept. */
  const storedSettings = (): DeviceSettings => {
    const stored = DeviceSettingsSchema.safeParse(store.getMeta(SETTINGS))
    return stored.success ? stored.data : DEFAULT_DEVICE_SETTINGS
  }
  let settings = storedSettings()

  const status = (): KioskStatus => {
    const paired = runtime?.pairing.store
    return {
      paired: runtime !== null,
      store: paired
        ? {
            id: paired.id,
            code: paired.code,
            name: paired.name,
            currency: paired.currency,
            timezone: paired.timezone,
          }
        : null,
      staff,
      sync: runtime ? runtime.engine.state() : { ...OFFLINE_STATE },
      settings,
      idleLock: idleLockOf(settings, runtime ? localIdleLockMaxMinutes(store) : null),
      reviewOutcomes: runtime ? localReviewOutcomes(store) : [],
    }
  }

  // The engine has wiped the store and its key: back to an empty, unpaired kiosk.
  const revoked = async () => {
    revocations++
    const old = runtime
    runtime = null
    staff = null
    await old?.engine.stop()
    store = await open()
    settings = storedSettings()
    on.revoked(status())
  }

  const start = (pairing: Pairing): Runtime => {
    const transport = options.transport
      ? options.transport(pairing)
      : httpSyncTransport({ baseUrl: pairing.backend_url, credential: pairing.credential })
    const engine = createSyncEngine({
      store,
      transport,
      appVersion: options.appVersion,
      ...(options.syncIntervalMs ? { intervalMs: options.syncIntervalMs } : {}),
      now,
      onRevoked: () => {
        revoked().catch((error: unknown) => console.error('kiosk core: after revocation', error))
      },
    })
    // After a revocation the store is closed: `revoked` reports the new state itself.
    engine.onChange((state) => {
      if (!state.revoked) on.changed(status())
    })
    runtime = {
      pairing,
      engine,
      operations: createKioskOperations({
        store,
        sync: engine,
        timeZone: pairing.store.timezone,
        now,
      }),
      pin: createPinGuard({ store, storeId: pairing.store.id, now }),
      lookups: transport.lookups,
    }
    engine.start()
    return runtime
  }

  const pairing = readPairing(store)
  if (pairing) start(pairing)

  const paired = (): Runtime => {
    if (!runtime) throw new BridgeFailure('KIOSK_NOT_PAIRED')
    return runtime
  }

  return {
    store: () => store,
    now,
    isPaired: () => runtime !== null,
    start,
    paired,
    signedIn: () => {
      const current = paired()
      if (!staff) throw new BridgeFailure('KIOSK_LOCKED')
      return { ...current, staff }
    },
    signIn: (member) => {
      staff = member
    },
    updateSettings: (changes) => {
      const next = DeviceSettingsSchema.parse({ ...settings, ...changes })
      store.setMeta(SETTINGS, next)
      settings = next
      return next
    },
    status,
    revocations: () => revocations,
    close: async () => {
      await runtime?.engine.stop()
      store.close()
    },
  }
}
