import { describe, expect, it, vi } from 'vitest'
import {
  createListeners,
  dedupeScans,
  keepConnected,
  type Connection,
  type ScannerStatus,
} from './scan-source.ts'

const WAIT = { timeout: 5000, interval: 5 }
const scan = (text: string, source = 'serial:/dev/ttyACM0') => ({ text, source, at: 0 })

describe('dedupeScans', () => {
  it('counts the same code from the same scanner within a second once', () => {
    let clock = 0
    const keep = dedupeScans(1000, () => clock)
    expect(keep(scan('4829103755610'))).toBe(true)
    clock = 400
    expect(keep(scan('4829103755610'))).toBe(false)
  })

  it('keeps another code, or the same code from another scanner', () => {
    const keep = dedupeScans(1000, () => 0)
    expect(keep(scan('4829103755610'))).toBe(true)
    expect(keep(scan('4829103755611'))).toBe(true)
    expect(keep(scan('4829103755610', 'hid:0c2e:0b61'))).toBe(true)
  })

  it('counts the code again once the window has passed since it was last read', () => {
    let clock = 0
    const keep = dedupeScans(1000, () => clock)
    keep(scan('4829103755610'))
    clock = 900
    expect(keep(scan('4829103755610'))).toBe(false)
    clock = 1800
    expect(keep(scan('4829103755610'))).toBe(false)
    clock = 2800
    expect(keep(scan('4829103755610'))).toBe(true)
  })

  it('keeps every read with a window of 0', () => {
    const keep = dedupeScans(0, () => 0)
    expect([keep(scan('1')), keep(scan('1'))]).toEqual([true, true])
  })
})

describe('createListeners', () => {
  it('calls each listener until it unsubscribes', () => {
    const listeners = createListeners<number>()
    const seen: number[] = []
    const stop = listeners.add((value) => seen.push(value))
    listeners.add((value) => seen.push(value * 10))
    listeners.emit(1)
    stop()
    listeners.emit(2)
    expect(seen).toEqual([1, 10, 20])
  })
})

/** A device the test plugs in and pulls out; `connect` fails while it is out. */
const fakeDevice = () => {
  const device = {
    plugged: false,
    opens: 0,
    closes: 0,
    lost: null as ((message: string) => void) | null,
    async connect(lost: (message: string) => void): Promise<Connection> {
      if (!device.plugged) throw new Error('ENOENT: no such file or directory')
      device.opens++
      device.lost = lost
      return { close: async () => void device.closes++ }
    },
    unplug() {
      device.plugged = false
      device.lost?.('device disconnected')
    },
  }
  return device
}

describe('keepConnected', () => {
  it('reconnects after the device goes away and reports each change once', async () => {
    const device = fakeDevice()
    device.plugged = true
    const statuses: ScannerStatus[] = []
    const link = keepConnected({
      connect: device.connect,
      onStatus: (status) => statuses.push(status),
      retry: { initialMs: 5, maxMs: 20 },
    })
    await link.start()
    expect(statuses).toEqual([{ state: 'connected' }])

    device.unplug()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(statuses).toEqual([
      { state: 'connected' },
      { state: 'disconnected', message: 'device disconnected' },
      { state: 'error', message: 'ENOENT: no such file or directory' },
    ])

    device.plugged = true
    await vi.waitFor(() => expect(statuses.at(-1)).toEqual({ state: 'connected' }), WAIT)
    expect(device.opens).toBe(2)
    await link.stop()
    expect(device.closes).toBe(1)
  })

  it('waits longer after each failed attempt, up to the maximum', async () => {
    vi.useFakeTimers()
    try {
      const device = fakeDevice()
      const attempts: number[] = []
      const link = keepConnected({
        connect: (lost) => {
          attempts.push(Date.now())
          return device.connect(lost)
        },
        onStatus: () => {},
        retry: { initialMs: 250, maxMs: 1000 },
      })
      const start = Date.now()
      await link.start()
      await vi.advanceTimersByTimeAsync(4000)
      const gaps = attempts.slice(1).map((at, i) => at - (attempts[i] ?? start))
      expect(gaps.slice(0, 5)).toEqual([250, 500, 1000, 1000, 1000])
      await link.stop()
      const count = attempts.length
      await vi.advanceTimersByTimeAsync(5000)
      expect(attempts).toHaveLength(count)
    } finally {
      vi.useRealTimers()
    }
  })

  it('closes a device that opens after it was stopped', async () => {
    let finishOpen: (connection: Connection) => void = () => {}
    let closed = false
    const link = keepConnected({
      connect: () => new Promise((resolve) => (finishOpen = resolve)),
      onStatus: () => {},
    })
    const started = link.start()
    const stopped = link.stop()
    finishOpen({ close: async () => void (closed = true) })
    await Promise.all([started, stopped])
    expect(closed).toBe(true)
  })
})
