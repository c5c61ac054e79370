import type { KioskBridge, DeviceSettings } from '../../../shared/kiosk-bridge.ts'
import {
  createHidScanner,
  createSerialScanner,
  listHidPosScanners,
  type HidDeviceInfo,
  type ScanEvent,
  type ScanSource,
  type ScannerStatus,
} from './index.ts'

// The scanner the kiosk settings ask for, started by the host (the Electron shell's main process,
// the web host) and fed to the kiosk core.
// The keyboard wedge is read by the renderer, so it needs nothing here. No electron import;
// the restricted-imports rule in eslint.config.js checks it.

type ScannerSettings = DeviceSettings['scanner']

const SUFFIXES: Record<ScannerSettings['suffix'], string> = {
  CR: '\r',
  LF: '\n',
  CRLF: '\r\n',
  TAB: '\t',
}

export type ScanSourceFactory = (settings: ScannerSettings) => ScanSource | null

/**
 * The scan source for the settings, or null for the keyboard wedge and for a serial scanner
 * without a port. A HID POS scanner without a path is the first one plugged in, found again by
 * its vendor and product ids after an unplug.
 */
export const scanSourceFor = (
  settings: ScannerSettings,
  listHidPos: () => HidDeviceInfo[] = listHidPosScanners,
): ScanSource | null => {
  switch (settings.transport) {
    case 'wedge':
      return null
    case 'serial':
      return settings.port
        ? createSerialScanner({ path: settings.port, suffix: SUFFIXES[settings.suffix] })
        : null
    case 'hid-pos': {
      if (settings.port) return createHidScanner({ device: { path: settings.port }, mode: 'pos' })
      const first = listHidPos()[0]
      if (!first) return null
      return createHidScanner({
        device: { vendorId: first.vendorId, productId: first.productId },
        mode: 'pos',
      })
    }
    case 'hid-keyboard':
      return settings.port
        ? createHidScanner({
            device: { path: settings.port },
            mode: 'keyboard',
            keyboardLayout: settings.keyboardLayout,
          })
        : null
  }
}

export type ScannerRunner = {
  /** Starts, restarts or stops the scanner so that it matches the settings. */
  apply: (settings: ScannerSettings) => Promise<void>
  stop: () => Promise<void>
}

/** Keeps one scanner running per the settings; restarts it only when its settings change. */
export const createScannerRunner = (options: {
  onScan: (event: ScanEvent) => void
  onStatus?: (source: string, status: ScannerStatus) => void
  create?: ScanSourceFactory
}): ScannerRunner => {
  const create = options.create ?? ((settings) => scanSourceFor(settings))
  let current: { key: string; source: ScanSource | null; unsubscribe: () => void } | null = null
  // apply() calls run one after another: a settings change during a start waits for it.
  let queue: Promise<void> = Promise.resolve()

  const stopCurrent = async () => {
    const running = current
    current = null
    if (!running) return
    running.unsubscribe()
    await running.source?.stop()
  }

  const applyNow = async (settings: ScannerSettings) => {
    const key = JSON.stringify(settings)
    if (current?.key === key) return
    await stopCurrent()
    const source = create(settings)
    const offScan = source?.onScan(options.onScan)
    const offStatus = source?.onStatus?.((status) => options.onStatus?.(source.id, status))
    current = {
      key,
      source,
      unsubscribe: () => {
        offScan?.()
        offStatus?.()
      },
    }
    await source?.start()
  }

  const enqueue = (work: () => Promise<void>) => {
    const next = queue.then(work)
    queue = next.catch(() => undefined)
    return next
  }

  return {
    apply: (settings) => enqueue(() => applyNow(settings)),
    stop: () => enqueue(stopCurrent),
  }
}

/** What of the kiosk core the scanners need: its settings, and where scans go. */
type ScannerHost = Pick<KioskBridge, 'status' | 'on'> & { scanned: (event: ScanEvent) => void }

/**
 * Runs the scanner the kiosk's settings ask for, feeding its reads to the core, and follows the
 * settings when the cashier changes them: what the web host does (the shell does the same with
 * its own activity tracking).
 */
export const runSettingsScanner = async (
  core: ScannerHost,
  options: {
    onStatus?: (source: string, status: ScannerStatus) => void
    /** A scanner that cannot be started (console.error by default; the shell's crash log). */
    onError?: (error: unknown) => void
    create?: ScanSourceFactory
  } = {},
) => {
  const { onError = (error: unknown) => console.error('scanner:', error), ...rest } = options
  const runner = createScannerRunner({ onScan: (event) => core.scanned(event), ...rest })
  const apply = (settings: ScannerSettings) => runner.apply(settings).catch(onError)
  // Listening first: a change made while the first status is read is not missed.
  const off = core.on('status', (next) => void apply(next.settings.scanner))
  const status = await core.status({})
  if (status.ok) await apply(status.value.settings.scanner)
  return {
    stop: async () => {
      off()
      await runner.stop()
    },
  }
}
