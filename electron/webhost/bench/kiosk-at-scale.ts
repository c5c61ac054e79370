/* eslint-disable no-console -- a benchmark prints its figures */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { createKioskCore } from '../../core/kiosk-core.ts'
import { ROOT } from '../../core/test/backend-process.ts'
import { buildRenderer } from '../renderer-build.ts'
import { openScanPage } from './scan-page.ts'

// bench:scale's kiosk (backend/bench/scale-bench.ts starts it as a child process, the backend
// not being importable from electron/): a new kiosk of the generated chain, as the cashier's PC
// runs it. Env: SCALE_KIOSK_BACKEND_URL, SCALE_KIOSK_PAIRING_CODE, SCALE_KIOSK_PIN,
// SCALE_KIOSK_CARDS (numbers to scan, comma-separated), SCALE_KIOSK_SCANS.
//  1. pairs and takes its first copy (every page), timed; bytes as received (compressed) and
//     the encrypted database's size;
//  2. on the line `incremental` (the parent made changes elsewhere): one sync, timed;
//  3. on the line `offline` (the parent stopped the backend): the core's card lookups alone, then
//     scans in Chromium, bench:kiosk's method. Each result is printed as a line `SCALE_KIOSK {json}`.

const env = (name: string) => {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is required`)
  return value
}
const backendUrl = env('SCALE_KIOSK_BACKEND_URL')
const cards = env('SCALE_KIOSK_CARDS').split(',')
const scans = Number(process.env.SCALE_KIOSK_SCANS ?? 200)
const work = mkdtempSync(path.join(os.tmpdir(), 'rf-scale-kiosk-'))
const report = (phase: string, figures: object) =>
  console.log(`SCALE_KIOSK ${JSON.stringify({ phase, ...figures })}`)

// What the kiosk receives from the sync endpoint, as sent (Content-Length of the compressed
// body; fetch decompresses it afterwards).
// `server_ms`: from the request to the answer's headers (the backend's work and the wire), the
// rest of a sync's time being the kiosk's (parse, store).
const received = { requests: 0, bytes: 0, serverMs: 0, encodings: new Set<string>() }
const fetchAsIs = globalThis.fetch
globalThis.fetch = async (input, init) => {
  const started = performance.now()
  const response = await fetchAsIs(input, init)
  if (String(input instanceof Request ? input.url : input).endsWith('/kiosk/sync')) {
    received.requests++
    received.serverMs += performance.now() - started
    received.bytes += Number(response.headers.get('content-length') ?? 0)
    received.encodings.add(response.headers.get('content-encoding') ?? 'identity')
  }
  return response
}
const takeReceived = () => {
  const figures = {
    requests: received.requests,
    server_ms: Math.round(received.serverMs),
    mb_received: Math.round((received.bytes / 1e6) * 100) / 100,
    encodings: [...received.encodings],
  }
  received.requests = 0
  received.bytes = 0
  received.serverMs = 0
  received.encodings.clear()
  return figures
}
const dirMb = (dir: string) =>
  Math.round(
    (readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .reduce((sum, entry) => sum + statSync(path.join(entry.parentPath, entry.name)).size, 0) /
      1e6) *
      10,
  ) / 10

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()
const waitFor = async (word: string) => {
  for (;;) {
    const line = await lines.next()
    if (line.done) throw new Error(`stdin closed before "${word}"`)
    if (line.value.trim() === word) return
  }
}

const core = await createKioskCore({
  dataDir: path.join(work, 'kiosk'),
  appVersion: 'bench-scale',
  // No sync of its own between the phases: the bench wakes it.
  syncIntervalMs: 3_600_000,
})
try {
  const timedRenderer = path.join(work, 'renderer')
  await buildRenderer(ROOT, timedRenderer, { scanTimings: true })

  const started = performance.now()
  const paired = await core.pair({ code: env('SCALE_KIOSK_PAIRING_CODE'), backendUrl })
  if (!paired.ok) throw new Error(`pairing failed: ${paired.error.code}`)
  const firstSeconds = (performance.now() - started) / 1000
  report('first_sync', {
    seconds: Math.round(firstSeconds * 10) / 10,
    ...takeReceived(),
    kiosk_database_mb: dirMb(path.join(work, 'kiosk')),
    rss_mb: Math.round(process.memoryUsage().rss / 1e6),
  })
  const unlocked = await core.unlock({ pin: env('SCALE_KIOSK_PIN') })
  if (!unlocked.ok) throw new Error(`unlock failed: ${unlocked.error.code}`)
  // The unlock woke a sync: let it finish before the incremental one is timed.
  const lastSync = async () => {
    const status = await core.status({})
    return status.ok ? { at: status.value.sync.lastSyncAt, busy: status.value.sync.syncing } : null
  }
  const settled = async (after: string | null) => {
    for (;;) {
      const now = await lastSync()
      if (now && !now.busy && now.at !== after) return now.at
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
  const before = await settled(null)
  takeReceived()
  report('ready', {})

  await waitFor('incremental')
  const incrementalStarted = performance.now()
  // A PIN entry wakes the sync loop at once (kiosk-core: unlock triggers the engine).
  await core.unlock({ pin: env('SCALE_KIOSK_PIN') })
  await settled(before)
  report('incremental_sync', {
    seconds: Math.round(((performance.now() - incrementalStarted) / 1000) * 100) / 100,
    ...takeReceived(),
    kiosk_database_mb: dirMb(path.join(work, 'kiosk')),
  })

  await waitFor('offline')
  // The kiosk notices at its next contact: an earning pushed at once finds no backend.
  await core.earn({ cardNumber: cards[0]!, amountCents: 1_000 })
  const pick = (i: number) => Promise.resolve(cards[(i * 7919) % cards.length]!)
  // The kiosk core's part alone (bridge call: the snapshot read and the card screen), which is
  // what grows with the copy; then the whole path in Chromium.
  const times: number[] = []
  for (let i = 0; i < scans; i++) {
    const number = await pick(i + 2_000)
    const started = performance.now()
    const screen = await core.card({ number })
    times.push(performance.now() - started)
    if (!screen.ok) throw new Error(`${number}: ${screen.error.code}`)
  }
  times.sort((a, b) => a - b)
  const at = (q: number) => Math.round(times[Math.ceil(q * times.length) - 1]! * 10) / 10
  report('core_scans', { scans, p50_ms: at(0.5), p95_ms: at(0.95), max_ms: at(1) })
  const page = await openScanPage(core, timedRenderer)
  try {
    await page.page.getByTestId('connection').getByText('Offline').waitFor({ timeout: 90_000 })
    await page.scanMany('warm-up', Math.min(20, scans), pick)
    report('offline_scans', await page.scanMany('offline', scans, (i) => pick(i + 1_000)))
  } catch (error) {
    report('offline_scans', { error: (error as Error).message.slice(0, 300) })
  } finally {
    await page.close()
  }
} finally {
  await core.close()
  rmSync(work, { recursive: true, force: true })
}
process.exit(0)
