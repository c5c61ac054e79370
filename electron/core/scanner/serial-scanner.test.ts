import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ScanEvent, ScannerStatus, ScanSource } from './scan-source.ts'
import { createLineSplitter, createSerialScanner } from './serial-scanner.ts'
import {
  hasSocat,
  plugIn as plugCable,
  send,
  unplug as unplugCable,
  type Cable,
} from '../test/test-cable.ts'

const CODE = '4829103755610'
const WAIT = { timeout: 10_000, interval: 20 }
let dir = ''
let cables: Cable[] = []
let scanners: ScanSource[] = []

const plugIn = async (): Promise<Cable> => {
  const cable = await plugCable(dir)
  cables.push(cable)
  return cable
}

const unplug = async (cable: Cable) => {
  cables = cables.filter((other) => other !== cable)
  await unplugCable(cable)
}

const startScanner = async (options: { suffix?: string; now?: () => number } = {}) => {
  const scanner = createSerialScanner({
    path: `${dir}/scanner`,
    retry: { initialMs: 25, maxMs: 200 },
    ...options,
  })
  const scans: ScanEvent[] = []
  const statuses: ScannerStatus[] = []
  scanner.onScan((event) => scans.push(event))
  scanner.onStatus?.((status) => statuses.push(status))
  scanners.push(scanner)
  await scanner.start()
  return { scanner, scans, statuses }
}

const texts = (scans: ScanEvent[]) => scans.map((scan) => scan.text)

describe('createLineSplitter', () => {
  it('cuts at the suffix, across chunks, and drops stray line breaks and empty reads', () => {
    const splitter = createLineSplitter('\r')
    expect(splitter.push('4829')).toEqual([])
    expect(splitter.push('103755610\r\n')).toEqual([CODE])
    expect(splitter.push('\r\r4829103755610\r\nABC')).toEqual([CODE])
    expect(splitter.push('\r')).toEqual(['ABC'])
  })

  it('cuts at any string suffix', () => {
    expect(createLineSplitter('<END>').push(`${CODE}<END>abc<E`)).toEqual([CODE])
  })
})

describe.skipIf(!hasSocat)('serial scanner on real pseudo-terminals', () => {
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewardflow-serial-'))
  })

  afterEach(async () => {
    await Promise.all(scanners.map((scanner) => scanner.stop()))
    await Promise.all(cables.map(unplug))
    scanners = []
    cables = []
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('emits a read ended by CR with its source and time', async () => {
    const cable = await plugIn()
    const { scans, statuses } = await startScanner({ now: () => 1_700_000_000_000 })
    expect(statuses).toEqual([{ state: 'connected' }])

    send(cable, `${CODE}\r`)

    await vi.waitFor(() => expect(scans).toHaveLength(1), WAIT)
    expect(scans[0]).toEqual({ text: CODE, source: `serial:${dir}/scanner`, at: 1_700_000_000_000 })
  })

  it('joins a read that arrives in pieces and splits reads that arrive together', async () => {
    const cable = await plugIn()
    const { scans } = await startScanner()

    send(cable, CODE.slice(0, 5))
    await new Promise((resolve) => setTimeout(resolve, 100))
    send(cable, `${CODE.slice(5)}\rhttps://fashionhub.rewardflow.lu/c/482910375561\r`)

    await vi.waitFor(() => expect(scans).toHaveLength(2), WAIT)
    expect(texts(scans)).toEqual([CODE, 'https://fashionhub.rewardflow.lu/c/482910375561'])
  })

  it('splits at the configured suffix and trims the CR of a CRLF scanner set to LF', async () => {
    const cable = await plugIn()
    const lf = await startScanner({ suffix: '\n' })

    send(cable, `${CODE}\r\n`)
    await vi.waitFor(() => expect(texts(lf.scans)).toEqual([CODE]), WAIT)
    await lf.scanner.stop()

    const custom = await startScanner({ suffix: '#' })
    send(cable, `${CODE}#\r\n4829103755611#`)
    await vi.waitFor(() => expect(texts(custom.scans)).toEqual([CODE, '4829103755611']), WAIT)
  })

  it('counts the same code from the same scanner within a second once', async () => {
    let clock = 10_000
    const cable = await plugIn()
    const { scans } = await startScanner({ now: () => clock })

    send(cable, `${CODE}\r${CODE}\r`)
    await new Promise((resolve) => setTimeout(resolve, 300))
    clock += 999
    send(cable, `${CODE}\r`)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(texts(scans)).toEqual([CODE])

    clock += 2000
    send(cable, `${CODE}\r`)
    await vi.waitFor(() => expect(texts(scans)).toEqual([CODE, CODE]), WAIT)
  })

  it('keeps trying to open a port that is not there yet and reads once it appears', async () => {
    const { scans, statuses } = await startScanner()
    expect(statuses).toEqual([{ state: 'error', message: expect.any(String) }])

    const cable = await plugIn()
    await vi.waitFor(() => expect(statuses.at(-1)).toEqual({ state: 'connected' }), WAIT)
    send(cable, `${CODE}\r`)
    await vi.waitFor(() => expect(texts(scans)).toEqual([CODE]), WAIT)
  })

  it('reconnects after an unplug and reads again after the replug', async () => {
    const first = await plugIn()
    const { scans, statuses } = await startScanner()
    send(first, `${CODE}\r`)
    await vi.waitFor(() => expect(texts(scans)).toEqual([CODE]), WAIT)

    await unplug(first)
    await vi.waitFor(() => expect(statuses.at(-1)?.state).not.toBe('connected'), WAIT)
    expect(statuses[1]).toEqual({ state: 'disconnected', message: expect.any(String) })

    const second = await plugIn()
    await vi.waitFor(() => expect(statuses.at(-1)).toEqual({ state: 'connected' }), WAIT)
    send(second, '4829103755611\r')
    await vi.waitFor(() => expect(texts(scans)).toEqual([CODE, '4829103755611']), WAIT)
  })

  it('stops reading and retrying when stopped', async () => {
    const cable = await plugIn()
    const { scanner, scans, statuses } = await startScanner()
    await scanner.stop()

    send(cable, `${CODE}\r`)
    await unplug(cable)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(scans).toEqual([])
    expect(statuses).toEqual([{ state: 'connected' }])
  })
})

if (!hasSocat) {
  console.warn('serial-scanner tests skipped: socat is not installed (apt-get install socat)')
}
