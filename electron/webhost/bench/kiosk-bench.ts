/* eslint-disable no-console -- a benchmark prints its figures */
import type { ChildProcess } from 'node:child_process'
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { createKioskCore } from '../../core/kiosk-core.ts'
import {
  freePort,
  pairingCodeFor,
  ROOT,
  startBackendProcess,
  startDemoDatabase,
  stopProcess,
  type DemoDatabase,
} from '../../core/test/backend-process.ts'
import { buildRenderer, ensureRenderer } from '../renderer-build.ts'
import { openScanPage } from './scan-page.ts'

// npm run bench:kiosk — how fast the cashier sees a card after a scan, in real Chromium against
// the kiosk web host and the real backend (NODE_ENV=production, on a scratch embedded PostgreSQL
// into which the demo data is seeded first: startDemoDatabase): a keyboard-wedge burst (12 digits + Enter, as a
// scanner types it) until the card screen is painted, measured in the page from the Enter key
// to the frame after the card screen rendered. Online, then with the backend stopped. Also the
// renderer's compressed size (what Electron loads from disk, what the web host serves).
// The page measures itself with a hook that only this bench's own build of the renderer has
// (RendererFlags.scanTimings, in a scratch folder): the dist/renderer that ships has none.

const SCANS = Number(process.env.KIOSK_BENCH_SCANS ?? 200)
const TARGETS = { offline_p95_ms_max: 100, online_p95_ms_max: 200, bundle_kb_compressed_max: 300 }
const DEMO_PIN = '482913'

const work = mkdtempSync(path.join(os.tmpdir(), 'rf-kiosk-bench-'))
chmodSync(work, 0o755)
const { DATABASE_URL: _external, ...inherited } = process.env
const port = await freePort()
const dataDir = path.join(work, 'data')
const backendEnv = (database: DemoDatabase) => ({
  ...inherited,
  ...database.env,
  HOST: '127.0.0.1',
  PORT: String(port),
  BASE_URL: `http://127.0.0.1:${port}`,
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  KIOSK_WEB_PORT: '0',
})

const round = (n: number) => Math.round(n * 10) / 10

const bundleSize = () => {
  const dir = path.join(ROOT, 'dist', 'renderer')
  const files = [
    path.join(dir, 'index.html'),
    ...readdirSync(path.join(dir, 'assets')).map((f) => path.join(dir, 'assets', f)),
  ]
  const sum = (f: (b: Buffer) => number) =>
    files.reduce((total, file) => total + f(readFileSync(file)), 0)
  return {
    raw: sum((b) => b.length),
    gzip: sum((b) => gzipSync(b, { level: 9 }).length),
    brotli: sum((b) => brotliCompressSync(b).length),
  }
}

let database: DemoDatabase | null = null
let backend: ChildProcess | null = null
try {
  console.log('Building the renderer when stale, and the bench’s own build with the timing hook…')
  await ensureRenderer(ROOT)
  const size = bundleSize()
  const timedRenderer = path.join(work, 'renderer')
  await buildRenderer(ROOT, timedRenderer, { scanTimings: true })

  console.log('Seeding the demo data into a scratch embedded PostgreSQL…')
  database = await startDemoDatabase({ dataDir })
  const env = backendEnv(database)
  console.log('Starting the backend (NODE_ENV=production)…')
  backend = await startBackendProcess({ port, env })
  const code = await pairingCodeFor(env, 'FASHIONHUB')

  const core = await createKioskCore({
    dataDir: path.join(work, 'kiosk'),
    appVersion: 'bench',
    // A sync a minute: a card enrolled elsewhere meanwhile makes the scan sync first.
    syncIntervalMs: 60_000,
  })
  const paired = await core.pair({ code, backendUrl: env.BASE_URL })
  if (!paired.ok) throw new Error(`pairing failed: ${paired.error.code}`)
  const unlocked = await core.unlock({ pin: DEMO_PIN })
  if (!unlocked.ok) throw new Error(`unlock failed: ${unlocked.error.code}`)

  const apiKey = readFileSync(path.join(env.DATA_DIR, 'demo-api-key.txt'), 'utf8').trim()
  const enroll = async (i: number) => {
    const response = await fetch(`${env.BASE_URL}/api/v1/enrollments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: randomUUID(),
        store_code: 'FASHIONHUB',
        email: `bench-${i}-${Date.now()}@example.lu`,
        name: `Bench member ${i}`,
      }),
    })
    return ((await response.json()) as { data: { card: { number: string } } }).data.card.number
  }
  // Members the kiosk knows from its last sync (the usual case, online or not)…
  const cards: string[] = []
  for (let i = 0; i < 25; i++) cards.push(await enroll(i))
  await core.status({})
  const synced = await core.card({ number: cards.at(-1)! })
  if (!synced.ok) throw new Error(`the kiosk does not know ${cards.at(-1)}: ${synced.error.code}`)

  const scans = await openScanPage(core, timedRenderer)
  const { page } = scans
  const scanMany = (
    label: string,
    count = SCANS,
    next = (i: number) => Promise.resolve(cards[i % cards.length]!),
  ) => scans.scanMany(label, count, next)

  console.log(`Scanning ${SCANS} cards online, then offline…`)
  await scanMany('warm-up')
  const online = await scanMany('online')
  // …and members enrolled elsewhere a moment ago: the kiosk syncs once before it shows them.
  const onlineNew = await scanMany('new card', 30, (i) => enroll(1_000 + i))
  await stopProcess(backend)
  backend = null
  // The kiosk notices at its next contact: an earning pushed at once finds no backend.
  await core.earn({ cardNumber: cards[0]!, amountCents: 1_000 })
  await page.getByTestId('connection').getByText('Offline').waitFor({ timeout: 90_000 })
  const offline = await scanMany('offline')

  await scans.close()
  await core.close()

  console.log(
    `renderer  ${(size.raw / 1024).toFixed(0)} KB raw, ${(size.gzip / 1024).toFixed(0)} KB gzip, ${(size.brotli / 1024).toFixed(0)} KB brotli`,
  )
  const figures = {
    online,
    online_card_enrolled_elsewhere: onlineNew,
    offline,
    bundle_kb: {
      raw: round(size.raw / 1024),
      gzip: round(size.gzip / 1024),
      brotli: round(size.brotli / 1024),
    },
  }
  const targetMet =
    offline.p95_ms < TARGETS.offline_p95_ms_max &&
    online.p95_ms < TARGETS.online_p95_ms_max &&
    figures.bundle_kb.gzip < TARGETS.bundle_kb_compressed_max
  console.log(JSON.stringify({ bench: 'kiosk', figures, targets: TARGETS, target_met: targetMet }))
} finally {
  await stopProcess(backend)
  await database?.stop()
  rmSync(work, { recursive: true, force: true })
}
