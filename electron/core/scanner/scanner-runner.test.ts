import { describe, expect, it } from 'vitest'
import { DEFAULT_DEVICE_SETTINGS, type DeviceSettings } from '../../../shared/kiosk-bridge.ts'
import type { ScanEvent, ScanSource } from './index.ts'
import { createScannerRunner, scanSourceFor } from './scanner-runner.ts'

type ScannerSettings = DeviceSettings['scanner']
const scanner = (overrides: Partial<ScannerSettings>): ScannerSettings => ({
  ...DEFAULT_DEVICE_SETTINGS.scanner,
  ...overrides,
})

describe('scanSourceFor', () => {
  it('starts nothing for the keyboard wedge, which the renderer reads', () => {
    expect(scanSourceFor(scanner({ transport: 'wedge' }))).toBeNull()
  })

  it('opens the configured serial port', () => {
    expect(scanSourceFor(scanner({ transport: 'serial', port: '/dev/ttyACM0' }))?.id).toBe(
      'serial:/dev/ttyACM0',
    )
    expect(scanSourceFor(scanner({ transport: 'serial', port: null }))).toBeNull()
  })

  it('takes the first HID POS scanner plugged in when no path is set', () => {
    const source = scanSourceFor(scanner({ transport: 'hid-pos', port: null }), () => [
      { vendorId: 0x0c2e, productId: 0x0b61, path: '/dev/hidraw3', usagePage: 0x8c },
    ])
    expect(source?.id).toBe('hid:0c2e:0b61')
    expect(scanSourceFor(scanner({ transport: 'hid-pos', port: null }), () => [])).toBeNull()
  })
})

/** A scanner that records what the runner does with it. */
const recordingSource = (id: string, log: string[]) => {
  let emit: ((event: ScanEvent) => void) | null = null
  const source: ScanSource = {
    id,
    start: async () => {
      log.push(`start ${id}`)
    },
    stop: async () => {
      log.push(`stop ${id}`)
    },
    onScan: (listener) => {
      emit = listener
      return () => {
        emit = null
      }
    },
  }
  return { source, read: (text: string) => emit?.({ text, source: id, at: 1 }) }
}

describe('createScannerRunner', () => {
  it('runs the configured scanner, restarts it on a change and feeds its reads', async () => {
    const log: string[] = []
    const reads: string[] = []
    const sources = new Map<string, ReturnType<typeof recordingSource>>()
    const runner = createScannerRunner({
      onScan: (event) => reads.push(`${event.source} ${event.text}`),
      create: (settings) => {
        if (!settings.port) return null
        const made = recordingSource(settings.port, log)
        sources.set(settings.port, made)
        return made.source
      },
    })
    await runner.apply(scanner({ transport: 'serial', port: 'A' }))
    await runner.apply(scanner({ transport: 'serial', port: 'A' }))
    sources.get('A')?.read('4829103755610')
    await runner.apply(scanner({ transport: 'serial', port: 'B' }))
    sources.get('A')?.read('ignored')
    await runner.apply(scanner({ transport: 'wedge', port: null }))
    await runner.stop()
    expect(log).toEqual(['start A', 'stop A', 'start B', 'stop B'])
    expect(reads).toEqual(['A 4829103755610'])
  })
})
