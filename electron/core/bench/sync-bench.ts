/* eslint-disable no-console -- a benchmark prints its figures */
import type { ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openKioskStore, type KioskStore } from '../store/kiosk-store.ts'
import { fileKeyProvider } from '../store/key-provider.ts'
import { pairKiosk, type Pairing } from '../pairing/pair-kiosk.ts'
import { createSyncEngine, type SyncEngine } from '../sync/sync-engine.ts'
import { httpSyncTransport } from '../sync/http-transport.ts'
import { createKioskOperations } from '../operations/kiosk-operations.ts'
import { createPinGuard } from '../pin/pin-guard.ts'
import {
  freePort,
  pairingCodeFor,
  startBackendProcess,
  startDemoDatabase,
  type DemoDatabase,
} from '../test/backend-process.ts'

// npm run bench:sync — the kiosk's sync against the real backend (backend/main.ts in its own
// process, NODE_ENV=production, on a durable scratch embedded PostgreSQL into which the demo
// data is seeded first, by a process of its own: startDemoDatabase), as a kiosk meets it:
//  1. one kiosk drains 10,000 queued operations (earnings decided offline);
//  2. five kiosks drain 2,000 each at once (10,000 in all);
//  3. the staff PIN check (bcrypt, on the kiosk);
//  4. the round trip of one operation online (queue, push, answer, pull).
// Target: ≥ 1,000 operations per second draining. Always on its own embedded PostgreSQL (a
// DATABASE_URL in the environment is ignored): the figures are comparable from run to run.

const TARGET_OPS_PER_SECOND = 1_000
const DEMO_PIN = '482913'
const work = mkdtempSync(path.join(os.tmpdir(), 'rf-sync-bench-'))
// PostgreSQL runs as its own user when we are root: it must reach the data folder.
chmodSync(work, 0o755)
const processes: ChildProcess[] = []

const { DATABASE_URL: _external, ...inherited } = process.env
let database: DemoDatabase | null = null
const env = (port: number) => ({
  ...inherited,
  ...database!.env,
  HOST: '127.0.0.1',
  PORT: String(port),
  DATA_DIR: path.join(work, 'data'),
  LOG_LEVEL: 'warn',
  KIOSK_WEB_PORT: '0',
  PROCESS_ROLES: 'web',
})

const startBackend = async (port: number) => {
  // SYNC_BENCH_PROFILE=<dir>: the backend writes a CPU profile there when it stops.
  const profile = process.env.SYNC_BENCH_PROFILE
  const child = await startBackendProcess({
    port,
    env: env(port),
    nodeArgs: profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [],
  })
  processes.push(child)
  return child
}

const pairingCode = async (port: number, store: string) =>
  (await pairingCodeFor(env(port), store)).replace('-', '')

/** Time spent waiting for the backend's answers (the rest of a drain is the kiosk's own work). */
let serverMs = 0

type Kiosk = { store: KioskStore; pairing: Pairing; engine: SyncEngine }

const newKiosk = async (baseUrl: string, port: number, storeCode: string): Promise<Kiosk> => {
  const dir = mkdtempSync(path.join(work, 'kiosk-'))
  const store = await openKioskStore({
    path: path.join(dir, 'kiosk.db'),
    keys: fileKeyProvider(path.join(dir, 'kiosk.key')),
  })
  const pairing = await pairKiosk({
    store,
    backendUrl: baseUrl,
    code: await pairingCode(port, storeCode),
    appVersion: 'bench',
  })
  const http = httpSyncTransport({ baseUrl, credential: pairing.credential, timeoutMs: 60_000 })
  const engine = createSyncEngine({
    store,
    transport: {
      sync: async (body) => {
        const started = performance.now()
        try {
          return await http.sync(body)
        } finally {
          serverMs += performance.now() - started
        }
      },
    },
    appVersion: 'bench',
  })
  await engine.syncNow()
  return { store, pairing, engine }
}

/** New members enrolled online at the kiosk, so each kiosk earns on cards of its own. */
const enrollMembers = async (kiosk: Kiosk, count: number, tag: string) => {
  const operations = createKioskOperations({
    store: kiosk.store,
    sync: kiosk.engine,
    timeZone: kiosk.pairing.store.timezone,
  })
  const numbers: string[] = []
  for (let i = 0; i < count; i++) {
    const outcome = await operations.enroll({
      staffId: null,
      email: `bench-${tag}-${i}-${randomUUID().slice(0, 8)}@example.lu`,
      name: `Bench ${i}`,
    })
    if (
      outcome.status !== 'applied' ||
      outcome.answer.type !== 'enroll' ||
      outcome.answer.result === null
    )
      throw new Error(`enrollment: ${JSON.stringify(outcome)}`)
    numbers.push(outcome.answer.result.card_number)
  }
  await kiosk.engine.syncNow()
  return numbers
}

/**
 * Earnings decided offline, queued as the kiosk queues them: each card earns every 6 minutes
 * (past the demo programme's 5-minute cooldown), the oldest a few days ago.
 */
const queueEarnings = (kiosk: Kiosk, cards: string[], count: number): string[] => {
  const ids: string[] = []
  const start = Date.now() - Math.ceil(count / cards.length) * 6 * 60_000 - 3_600_000
  kiosk.store.transaction(() => {
    for (let i = 0; i < count; i++) {
      const card = cards[i % cards.length]!
      const at = new Date(start + Math.floor(i / cards.length) * 6 * 60_000 + (i % cards.length))
      const clientId = randomUUID()
      ids.push(clientId)
      kiosk.store.enqueue({
        clientId,
        type: 'earn',
        payload: {
          occurred_at: at.toISOString(),
          decided_offline: true,
          staff_id: null,
          payload: { card_number: card, amount_cents: 100 + (i % 400) },
        },
      })
    }
  })
  return ids
}

const drain = async (kiosks: Kiosk[]) => {
  const queued = kiosks.reduce((sum, k) => sum + k.store.queueLength(), 0)
  serverMs = 0
  const started = performance.now()
  const states = await Promise.all(kiosks.map((k) => k.engine.syncNow()))
  const seconds = (performance.now() - started) / 1000
  if (states.some((s) => s.queueLength > 0 || !s.online))
    throw new Error(`not drained: ${JSON.stringify(states)}`)
  return {
    queued,
    seconds,
    opsPerSecond: queued / seconds,
    waitingSeconds: serverMs / 1000,
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits

const main = async () => {
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  console.log('Seeding the demo data into a durable scratch PostgreSQL…')
  // SYNC_BENCH_DATABASE_URL: a scratch database on that server instead (to look inside with
  // pg_stat_statements).
  database = await startDemoDatabase({
    dataDir: path.join(work, 'data'),
    databaseUrl: process.env.SYNC_BENCH_DATABASE_URL,
  })
  console.log(`Starting the backend (NODE_ENV=production; ${database.description})…`)
  await startBackend(port)

  console.log('Pairing six kiosks…')
  const single = await newKiosk(baseUrl, port, 'FASHIONHUB')
  const five: Kiosk[] = []
  for (let i = 0; i < 5; i++)
    five.push(await newKiosk(baseUrl, port, i % 2 ? 'FASHIONOUTLET' : 'FASHIONHUB'))

  console.log('Enrolling members…')
  const singleCards = await enrollMembers(single, 40, 'one')
  const fiveCards: string[][] = []
  for (const [i, kiosk] of five.entries())
    fiveCards.push(await enrollMembers(kiosk, 10, `five${i}`))

  const singleIds = queueEarnings(single, singleCards, 10_000)
  console.log('Draining 10,000 operations from one kiosk…')
  const one = await drain([single])
  const fiveIds = five.map((kiosk, i) => queueEarnings(kiosk, fiveCards[i]!, 2_000))
  console.log('Draining 5 × 2,000 operations from five kiosks at once…')
  const many = await drain(five)

  // Every operation must have been applied, or the figures would flatter refusals.
  const answers = { applied: 0, other: 0 }
  for (const [kiosk, ids] of [[single, singleIds], ...five.map((k, i) => [k, fiveIds[i]!])] as [
    Kiosk,
    string[],
  ][]) {
    for (const id of ids) {
      const outcome = (kiosk.store.operation(id)?.result as { outcome?: string } | null)?.outcome
      if (outcome === 'applied') answers.applied++
      else answers.other++
    }
  }
  console.log(`Answers: ${answers.applied} applied, ${answers.other} otherwise`)

  console.log('Timing the staff PIN check…')
  const guard = createPinGuard({ store: single.store, storeId: single.pairing.store.id })
  const pinTimes: number[] = []
  for (let i = 0; i < 20; i++) {
    const started = performance.now()
    const result = await guard.verifyPinForAnyStaff(DEMO_PIN)
    pinTimes.push(performance.now() - started)
    if (!result.ok) throw new Error(`PIN check failed: ${JSON.stringify(result)}`)
  }

  console.log('Timing one operation online…')
  const operations = createKioskOperations({
    store: single.store,
    sync: single.engine,
    timeZone: single.pairing.store.timezone,
  })
  const roundTrips: number[] = []
  const fresh = await enrollMembers(single, 60, 'rt')
  for (const card of fresh) {
    const started = performance.now()
    const outcome = await operations.earn({ staffId: null, cardNumber: card, amountCents: 1_000 })
    roundTrips.push(performance.now() - started)
    if (outcome.status !== 'applied') throw new Error(`online earn: ${JSON.stringify(outcome)}`)
  }

  const figures = {
    one_kiosk: {
      operations: one.queued,
      seconds: round(one.seconds, 2),
      ops_per_second: round(one.opsPerSecond),
    },
    five_kiosks: {
      operations: many.queued,
      seconds: round(many.seconds, 2),
      ops_per_second: round(many.opsPerSecond),
    },
    applied: answers.applied,
    not_applied: answers.other,
    pin_verify_ms: { p50: round(percentile(pinTimes, 50)), max: round(Math.max(...pinTimes)) },
    online_round_trip_ms: {
      p50: round(percentile(roundTrips, 50)),
      p99: round(percentile(roundTrips, 99)),
    },
  }
  console.log('')
  console.log(
    `Draining one kiosk:    ${one.queued} operations in ${figures.one_kiosk.seconds} s = ${figures.one_kiosk.ops_per_second} ops/s (${round(one.waitingSeconds, 2)} s of it waiting for the backend)`,
  )
  console.log(
    `Draining five kiosks:  ${many.queued} operations in ${figures.five_kiosks.seconds} s = ${figures.five_kiosks.ops_per_second} ops/s`,
  )
  console.log(
    `Staff PIN check:       p50 ${figures.pin_verify_ms.p50} ms, max ${figures.pin_verify_ms.max} ms (bcrypt on the kiosk)`,
  )
  console.log(
    `One operation online:  p50 ${figures.online_round_trip_ms.p50} ms, p99 ${figures.online_round_trip_ms.p99} ms (queue, push, answer, pull)`,
  )
  const targetMet =
    answers.other === 0 &&
    figures.one_kiosk.ops_per_second >= TARGET_OPS_PER_SECOND &&
    figures.five_kiosks.ops_per_second >= TARGET_OPS_PER_SECOND
  console.log(
    JSON.stringify({
      bench: 'sync',
      figures,
      targets: { drain_ops_per_second_min: TARGET_OPS_PER_SECOND },
      target_met: targetMet,
    }),
  )
}

const cleanUp = async () => {
  for (const child of processes) {
    if (child.exitCode !== null) continue
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
  await database?.stop()
  rmSync(work, { recursive: true, force: true })
}

main().then(cleanUp, async (error: unknown) => {
  console.error(error)
  await cleanUp()
  process.exitCode = 1
})
