/**
 * A USB scanner read as a HID device through node-hid: in HID POS mode (usage page 0x8C) or as a
 * keyboard whose reports we decode ourselves. The decoders carry the logic; this file finds the
 * device, opens it, and reopens it after an unplug.
 */
import HID from 'node-hid'
import { createHidKeyboardDecoder, type KeyboardLayoutName } from './hid-keyboard.ts'
import { createHidPosDecoder, type HidPosLayout } from './hid-pos.ts'
import {
  createListeners,
  dedupeScans,
  keepConnected,
  type RetryOptions,
  type ScanEvent,
  type ScanSource,
  type ScannerStatus,
} from './scan-source.ts'

export const HID_POS_USAGE_PAGE = 0x8c
const GENERIC_DESKTOP_PAGE = 0x01
const KEYBOARD_USAGE = 0x06

/** What node-hid's `devices()` says about a device (one entry per interface/collection). */
export type HidDeviceInfo = {
  vendorId: number
  productId: number
  path?: string
  product?: string
  manufacturer?: string
  usagePage?: number
  usage?: number
}

/** An open device: node-hid's `HID`, or a fake in tests. */
export type HidDeviceHandle = {
  on(event: 'data', listener: (data: Buffer) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  close(): void
}

export type HidBackend = {
  devices(): HidDeviceInfo[]
  open(path: string): HidDeviceHandle
}

const nodeHid: HidBackend = {
  devices: () => HID.devices(),
  open: (path) => new HID.HID(path),
}

/** The devices that offer a HID POS bar code scanner interface, once per path. */
export const findHidPosScanners = (devices: readonly HidDeviceInfo[]): HidDeviceInfo[] => {
  const byPath = new Map<string, HidDeviceInfo>()
  for (const device of devices) {
    if (device.usagePage === HID_POS_USAGE_PAGE && device.path && !byPath.has(device.path)) {
      byPath.set(device.path, device)
    }
  }
  return [...byPath.values()]
}

export const listHidPosScanners = (backend: HidBackend = nodeHid): HidDeviceInfo[] =>
  findHidPosScanners(backend.devices())

export type HidScannerOptions = {
  /**
   * Which device: by vendor and product id, found again on every reconnect (hidraw paths change
   * when a scanner is replugged), optionally narrowed to one path; or by path alone.
   */
  device: { vendorId: number; productId: number; path?: string } | { path: string }
  /** `pos`: HID POS reports (usage page 0x8C). `keyboard`: boot keyboard reports. */
  mode: 'pos' | 'keyboard'
  /** The layout the scanner is set to type in, for `keyboard` mode (default `us`). */
  keyboardLayout?: KeyboardLayoutName
  posLayout?: HidPosLayout
  retry?: RetryOptions
  /** Repeats of a read within this window count once (see `dedupeScans`); 0 keeps every read. */
  dedupeWindowMs?: number
  now?: () => number
  backend?: HidBackend
}

const hex4 = (id: number) => id.toString(16).padStart(4, '0')

const isInterfaceFor = (mode: HidScannerOptions['mode'], device: HidDeviceInfo) =>
  mode === 'pos'
    ? device.usagePage === HID_POS_USAGE_PAGE
    : device.usagePage === GENERIC_DESKTOP_PAGE && device.usage === KEYBOARD_USAGE

/**
 * The path to open: the path asked for, else the device's interface for the mode, or one whose
 * usage the platform does not report (libusb backends); never another interface of the device,
 * whose reports would be noise.
 */
export const pickHidPath = (
  devices: readonly HidDeviceInfo[],
  target: HidScannerOptions['device'],
  mode: HidScannerOptions['mode'],
): string | null => {
  if (!('vendorId' in target)) return target.path
  const matching = devices.filter(
    (device) =>
      device.vendorId === target.vendorId &&
      device.productId === target.productId &&
      device.path !== undefined &&
      (target.path === undefined || device.path === target.path),
  )
  if (target.path !== undefined) return matching[0]?.path ?? null
  const chosen =
    matching.find((device) => isInterfaceFor(mode, device)) ??
    matching.find((device) => !device.usagePage)
  return chosen?.path ?? null
}

const createDecoder = (options: HidScannerOptions) => {
  if (options.mode === 'pos') {
    const decoder = createHidPosDecoder({ layout: options.posLayout })
    return (report: Buffer, at: number): string[] => {
      const text = decoder.push(report, at)
      return text === null ? [] : [text]
    }
  }
  const decoder = createHidKeyboardDecoder({ layout: options.keyboardLayout ?? 'us' })
  return (report: Buffer): string[] => decoder.push(report)
}

export const createHidScanner = (options: HidScannerOptions): ScanSource => {
  const { device: target, backend = nodeHid, dedupeWindowMs = 1000, now = Date.now } = options
  const id =
    'vendorId' in target
      ? `hid:${hex4(target.vendorId)}:${hex4(target.productId)}`
      : `hid:${target.path}`
  const scans = createListeners<ScanEvent>()
  const statuses = createListeners<ScannerStatus>()
  const isNew = dedupeScans(dedupeWindowMs, now)

  const link = keepConnected({
    retry: options.retry,
    onStatus: statuses.emit,
    async connect(lost) {
      const path = pickHidPath('vendorId' in target ? backend.devices() : [], target, options.mode)
      if (path === null) throw new Error(`${id} is not plugged in`)
      const device = backend.open(path)
      // A new decoder per connection: half a read from before an unplug is not a read.
      const decode = createDecoder(options)
      let open = true
      const close = () => {
        if (!open) return
        open = false
        try {
          device.close()
        } catch {
          // Already gone with the unplug.
        }
      }
      device.on('data', (report) => {
        const at = now()
        for (const text of decode(report, at)) {
          const event = { text, source: id, at }
          if (isNew(event)) scans.emit(event)
        }
      })
      device.on('error', (error) => {
        close()
        lost(error.message)
      })
      return { close: async () => close() }
    },
  })

  return {
    id,
    start: link.start,
    stop: link.stop,
    onScan: scans.add,
    onStatus: statuses.add,
  }
}
