import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createLogger } from '../logger.ts'
import { cleanupsOnExit, positiveEnv, round } from './harness.ts'
import { startServerProcess } from './server-process.ts'
import { get } from './http-session.ts'
import { DEFAULT_SCALE, appendEarnings } from './scale-data.ts'
import {
  addScaleOwnerAndKey,
  randomScaleMember,
  openScaleChain,
  signInScaleOwner,
  timedRequests,
  type Timing,
} from './scale-session.ts'
import { ALERTS_LAG_SECONDS, raiseAlerts } from '../alerts/raise-alerts.ts'

// npm run bench:customers — a merchant's customer service at chain scale: 1,000,000 members
// and about 10,000,000 ledger entries (backend/bench/scale-data.ts, generated inside
// PostgreSQL), then, against the production web process: member search through the JSON API
// by card number, email, phone and name beginning; the member page of /merchant/customers as
// the signed-in owner; a card's first history page through the API. Each p50/p99 over 200
// requests (after 20 to warm up), a different member each time; then the alert sweep over
// 100,000 entries recorded after its cursor. Targets: searches and the member page p99
// < 50 ms, the sweep < 10 s. BENCH_CUSTOMERS scales the data down (e.g. 100000 for a quick run).

const TARGETS = { p99_ms_max: 50, alert_sweep_seconds_max: 10 }
const SWEPT = 100_000
const REQUESTS = positiveEnv('BENCH_REQUESTS', 200)
const WARMUP = 20
const customers = positiveEnv('BENCH_CUSTOMERS', DEFAULT_SCALE.customers)
const log = createLogger('warn')
const { cleanups, cleanUp } = cleanupsOnExit()

const randomMember = () => randomScaleMember(customers)
const timed = (label: string, request: () => Promise<void>) =>
  timedRequests(label, request, { requests: REQUESTS, warmup: WARMUP })

const main = async () => {
  console.log(
    `RewardFlow customers benchmark: ${customers.toLocaleString('en')} members, ` +
      `${REQUESTS} requests per figure, ${os.cpus().length} CPUs`,
  )
  const { database, knex, merchant: scale } = await openScaleChain(log, cleanups, { customers })
  const token = await addScaleOwnerAndKey(knex, scale)

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rf-customers-bench-'))
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
  const server = await startServerProcess({
    databaseUrl: database.url,
    dataDir,
    env: { PROCESS_ROLES: 'web', LOG_LEVEL: 'warn' },
  })
  cleanups.push(() => server.stop())
  const base = server.baseUrl

  const cookie = await signInScaleOwner(base)

  const api = async (pathAndQuery: string, expectFound: boolean) => {
    const response = await fetch(`${base}/api/v1${pathAndQuery}`, {
      headers: { authorization: `Bearer ${token}` },
    })
    const body = (await response.json()) as { data?: unknown[] | object }
    if (response.status !== 200) throw new Error(`${pathAndQuery} answered ${response.status}`)
    if (expectFound && Array.isArray(body.data) && body.data.length === 0)
      throw new Error(`${pathAndQuery} found nobody`)
  }
  const search = (query: string) => api(`/customers?query=${encodeURIComponent(query)}`, true)

  console.log('\nMeasuring (a different member each request):')
  const figures: Record<string, Timing> = {
    search_card_number: await timed('search by card number', () => search(randomMember().number)),
    search_email: await timed('search by email', () => search(randomMember().email)),
    search_phone: await timed('search by phone', () => search(randomMember().phone)),
    search_name_prefix: await timed('search by name beginning', () =>
      search(randomMember().namePrefix),
    ),
    member_page: await timed('member page (owner)', async () => {
      const page = await get(`${base}/merchant/customers/${randomMember().number}`, cookie)
      if (page.status !== 200) throw new Error(`the member page answered ${page.status}`)
    }),
    history_first_page: await timed('history, first page (API)', () =>
      api(`/cards/${randomMember().number}/history`, false),
    ),
  }
  await server.stop()

  // The alert sweep: its cursor set now, then 100,000 earnings recorded after it.
  await raiseAlerts(knex)
  const appended = await appendEarnings(knex, scale, Math.min(SWEPT, customers - 1))
  const sweepStarted = performance.now()
  const sweep = await raiseAlerts(knex, {
    now: new Date(Date.now() + (ALERTS_LAG_SECONDS + 5) * 1000),
  })
  const sweepSeconds = round((performance.now() - sweepStarted) / 1000, 2)
  const raised = Object.values(sweep.raised).reduce((sum, n) => sum + n, 0)
  console.log(
    `  alert sweep over ${appended.toLocaleString('en')} new entries: ${sweepSeconds} s (${raised} alerts raised)`,
  )
  const targetMet =
    Object.values(figures).every((f) => f.p99_ms < TARGETS.p99_ms_max) &&
    sweepSeconds < TARGETS.alert_sweep_seconds_max
  console.log(
    JSON.stringify({
      bench: 'customers',
      members: scale.customers,
      ledger_entries: scale.entries,
      generation_seconds: round(scale.seconds, 1),
      figures,
      alert_sweep: { entries: appended, seconds: sweepSeconds, alerts_raised: raised },
      targets: TARGETS,
      target_met: targetMet,
    }),
  )
}

main()
  .catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
  .finally(() => cleanUp())
