import { EventEmitter } from 'node:events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createHidScanner,
  findHidPosScanners,
  pickHidPath,
  type HidBackend,
  type HidDeviceInfo,
} from './hid-scanner.ts'
import type { ScanEvent, ScannerStatus, ScanSource } from './scan-source.ts'

const WAIT = { timeout: 5000, interval: 10 }

// What node-hid lists for a Honeywell scanner in HID POS mode next to an ordinary keyboard and
// a keyboard-mode scanner; a POS scanner shows its 0x8C collection and a vendor one.
const HONEYWELL_POS: HidDeviceInfo = {
  vendorId: 0x0c2e,
  productId: 0x0b61,
  path: '/dev/hidraw2',
  product: 'Honeywell Scanning and Mobility Scanner',
  usagePage: 0x8c,
  usage: 0x02,
}
const HONEYWELL_VENDOR: HidDeviceInfo = {
  ...HONEYWELL_POS,
  path: '/dev/hidraw3',
  usagePage: 0xff00,
}
const KEYBOARD: HidDeviceInfo = {
  vendorId: 0x046d,
  productId: 0xc31c,
  path: '/dev/hidraw0',
  usagePage: 0x01,
  usage: 0x06,
}
const WEDGE_SCANNER: HidDeviceInfo = {
  vendorId: 0x05e0,
  productId: 0x1200,
  path: '/dev/hidraw4',
  usagePage: 0x01,
  usage: 0x06,
}
const WEDGE_SCANNER_EXTRA: HidDeviceInfo = { ...WEDGE_SCANNER, path: '/dev/hidraw5', usage: 0x80 }
const LISTED = [KEYBOARD, HONEYWELL_VENDOR, HONEYWELL_POS, WEDGE_SCANNER_EXTRA, WEDGE_SCANNER]

class FakeDevice extends EventEmitter {
  closed = false
  constructor(readonly path: string) {
    super()
  }
  close() {
    this.closed = true
    this.removeAllListeners()
  }
}

/** A HID bus that tests plug devices into and pull them out of. */
const fakeBus = (plugged: HidDeviceInfo[]) => {
  const opened: FakeDevice[] = []
  const backend: HidBackend = {
    devices: () => [...plugged],
    open: (path) => {
      if (!plugged.some((device) => device.path === path)) throw new Error(`cannot open ${path}`)
      const device = new FakeDevice(path)
      opened.push(device)
      return device
    },
  }
  return { backend, opened, plugged }
}

const ean13Report = () => {
  const report = new Uint8Array(64)
  report.set([0x02, 13, ...Buffer.from(']E04829103755610')])
  return Buffer.from(report)
}

let scanners: ScanSource[] = []
afterEach(async () => {
  await Promise.all(scanners.map((scanner) => scanner.stop()))
  scanners = []
})

const watch = async (scanner: ScanSource) => {
  const scans: ScanEvent[] = []
  const statuses: ScannerStatus[] = []
  scanner.onScan((event) => scans.push(event))
  scanner.onStatus?.((status) => statuses.push(status))
  scanners.push(scanner)
  await scanner.start()
  return { scans, statuses }
}

describe('HID scanner discovery', () => {
  it('finds the devices with a bar code scanner interface (usage page 0x8C)', () => {
    expect(findHidPosScanners(LISTED)).toEqual([HONEYWELL_POS])
    expect(findHidPosScanners([HONEYWELL_POS, HONEYWELL_POS, KEYBOARD])).toEqual([HONEYWELL_POS])
  })

  it('opens the interface that fits the mode or the path asked for, never another one', () => {
    const honeywell = { vendorId: 0x0c2e, productId: 0x0b61 }
    const wedge = { vendorId: 0x05e0, productId: 0x1200 }
    expect(pickHidPath(LISTED, honeywell, 'pos')).toBe('/dev/hidraw2')
    expect(pickHidPath(LISTED, wedge, 'keyboard')).toBe('/dev/hidraw4')
    expect(pickHidPath(LISTED, { ...wedge, path: '/dev/hidraw5' }, 'keyboard')).toBe('/dev/hidraw5')
    expect(pickHidPath(LISTED, { vendorId: 0x1234, productId: 0x5678 }, 'pos')).toBeNull()
    expect(pickHidPath([HONEYWELL_VENDOR], honeywell, 'pos')).toBeNull()
    const unknownUsage = { ...HONEYWELL_POS, usagePage: undefined, usage: undefined }
    expect(pickHidPath([HONEYWELL_VENDOR, unknownUsage], honeywell, 'pos')).toBe('/dev/hidraw2')
    expect(pickHidPath([], { path: '/dev/hidraw9' }, 'pos')).toBe('/dev/hidraw9')
  })
})

describe('createHidScanner', () => {
  it('emits the reads of a HID POS scanner as scan events of its source', async () => {
    const bus = fakeBus([...LISTED])
    const scanner = createHidScanner({
      device: { vendorId: 0x0c2e, productId: 0x0b61 },
      mode: 'pos',
      backend: bus.backend,
      now: () => 1234,
    })
    const { scans, statuses } = await watch(scanner)
    expect(statuses).toEqual([{ state: 'connected' }])
    expect(bus.opened.map((device) => device.path)).toEqual(['/dev/hidraw2'])

    bus.opened[0]!.emit('data', ean13Report())
    expect(scans).toEqual([{ text: '4829103755610', source: 'hid:0c2e:0b61', at: 1234 }])
  })

  it('decodes keyboard reports with the layout the scanner types in', async () => {
    const bus = fakeBus([...LISTED])
    const scanner = createHidScanner({
      device: { vendorId: 0x05e0, productId: 0x1200 },
      mode: 'keyboard',
      keyboardLayout: 'de',
      backend: bus.backend,
    })
    const { scans } = await watch(scanner)
    const device = bus.opened[0]!
    for (const report of ['0000140000000000', '4000140000000000', '00001c0000000000']) {
      device.emit('data', Buffer.from(report, 'hex'))
      device.emit('data', Buffer.alloc(8))
    }
    device.emit('data', Buffer.from('0000280000000000', 'hex'))
    expect(scans.map((scan) => scan.text)).toEqual(['q@z'])
  })

  it('counts the same code from the same scanner within a second once', async () => {
    let clock = 0
    const bus = fakeBus([...LISTED])
    const scanner = createHidScanner({
      device: { path: '/dev/hidraw2' },
      mode: 'pos',
      backend: bus.backend,
      now: () => clock,
    })
    const { scans } = await watch(scanner)
    const device = bus.opened[0]!
    device.emit('data', ean13Report())
    clock = 500
    device.emit('data', ean13Report())
    clock = 2000
    device.emit('data', ean13Report())
    expect(scans.map((scan) => scan.at)).toEqual([0, 2000])
  })

  it('reports the unplug, finds the device again after the replug and reads on', async () => {
    const bus = fakeBus([...LISTED])
    const scanner = createHidScanner({
      device: { vendorId: 0x0c2e, productId: 0x0b61 },
      mode: 'pos',
      backend: bus.backend,
      retry: { initialMs: 10, maxMs: 40 },
    })
    const { scans, statuses } = await watch(scanner)
    const first = bus.opened[0]!

    bus.plugged.splice(0, bus.plugged.length, KEYBOARD)
    first.emit('error', new Error('could not read from HID device'))
    expect(first.closed).toBe(true)
    await vi.waitFor(() => expect(statuses.at(-1)?.state).toBe('error'), WAIT)
    expect(statuses[1]).toEqual({
      state: 'disconnected',
      message: 'could not read from HID device',
    })

    bus.plugged.push({ ...HONEYWELL_POS, path: '/dev/hidraw7' })
    await vi.waitFor(() => expect(statuses.at(-1)).toEqual({ state: 'connected' }), WAIT)
    expect(bus.opened.map((device) => device.path)).toEqual(['/dev/hidraw2', '/dev/hidraw7'])
    bus.opened[1]!.emit('data', ean13Report())
    expect(scans.map((scan) => scan.text)).toEqual(['4829103755610'])
  })

  it('names a scanner opened by path after its path, and closes it when stopped', async () => {
    const bus = fakeBus([...LISTED])
    const scanner = createHidScanner({
      device: { path: '/dev/hidraw2' },
      mode: 'pos',
      backend: bus.backend,
    })
    expect(scanner.id).toBe('hid:/dev/hidraw2')
    await watch(scanner)
    await scanner.stop()
    expect(bus.opened[0]!.closed).toBe(true)
  })
})
