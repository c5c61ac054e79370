import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import bcrypt from 'bcryptjs'
import { createKnex } from '../db/knex.ts'
import { migrateLatest } from '../db/migrate.ts'
import { createLogger } from '../logger.ts'
import { createApiKey } from '../api-keys/api-keys.ts'
import { systemActor } from '../auth/actor.ts'
import { withCheckDigit } from '../../shared/card-number.ts'
import { cleanupsOnExit, positiveEnv, round } from './harness.ts'
import { percentile } from './load.ts'
import { openScratchDatabase } from './scratch-database.ts'
import { startServerProcess } from './server-process.ts'
import { cookiesOf, decode, get } from './http-session.ts'
import {
  DEFAULT_SCALE,
  FIRST_NAMES,
  LAST_NAMES,
  appendEarnings,
  generateScaleMerchant,
} from './scale-data.ts'
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

const OWNER = { email: 'owner@scale.example', password: 'bench-owner-password' }

/** The n-th generated member's details, as scale-data.ts makes them. */
const member = (g: number) => ({
  number: withCheckDigit(String(10_000_000_000 + g)),
  email: `member${g}@scale.example`,
  phone: `+3526${String(g).padStart(8, '0')}`,
  namePrefix: `${FIRST_NAMES[g % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(g / FIRST_NAMES.length) % LAST_NAMES.length]!.slice(0, 3)}`,
})
// Not the heavy member (1): the pages' depth is bench:scale's.
const randomMember = () => member(2 + Math.floor(Math.random() * (customers - 1)))

type Timing = { p50_ms: number; p99_ms: number; max_ms: number }

const timed = async (label: string, request: () => Promise<void>): Promise<Timing> => {
  const times: number[] = []
  for (let i = 0; i < WARMUP + REQUESTS; i++) {
    const started = performance.now()
    await request()
    if (i >= WARMUP) times.push(performance.now() - started)
  }
  const sorted = Float64Array.from(times).sort()
  const figures = {
    p50_ms: round(percentile(sorted, 0.5), 2),
    p99_ms: round(percentile(sorted, 0.99), 2),
    max_ms: round(sorted[sorted.length - 1]!, 2),
  }
  console.log(
    `  ${label.padEnd(28)} p50 ${`${figures.p50_ms} ms`.padStart(9)}   p99 ${`${figures.p99_ms} ms`.padStart(9)}`,
  )
  return figures
}

const main = async () => {
  console.log(
    `RewardFlow customers benchmark: ${customers.toLocaleString('en')} members, ` +
      `${REQUESTS} requests per figure, ${os.cpus().length} CPUs`,
  )
  const database = await openScratchDatabase(log)
  cleanups.push(database.dispose)
  console.log(`  database: ${database.description}`)
  const knex = createKnex(database.url, { poolMax: 4 })
  cleanups.push(() => knex.destroy())
  await migrateLatest(knex, database.url, log)
  console.log('Generating the merchant…')
  const scale = await generateScaleMerchant(knex, {
    ...DEFAULT_SCALE,
    customers,
    progress: (line) => console.log(line),
  })
  console.log(
    `  ${scale.customers.toLocaleString('en')} members, ${scale.entries.toLocaleString('en')} ledger entries in ${scale.seconds.toFixed(0)} s`,
  )
  const { token } = await createApiKey(knex, {
    merchantId: scale.merchantId,
    name: 'bench',
    actor: systemActor(scale.merchantId, 'bench'),
  })
  await knex('merchant_users').insert({
    merchant_id: scale.merchantId,
    email: OWNER.email,
    name: 'Scale Owner',
    role: 'owner',
    preferred_language: 'en',
    password_hash: await bcrypt.hash(OWNER.password, 10),
    password_set_at: knex.fn.now(),
  })

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rf-customers-bench-'))
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
  const server = await startServerProcess({
    databaseUrl: database.url,
    dataDir,
    env: { PROCESS_ROLES: 'web', LOG_LEVEL: 'warn' },
  })
  cleanups.push(() => server.stop())
  const base = server.baseUrl

  // The owner signs in as a browser does (CSRF cookie and field, then the session cookie).
  const jar = new Map<string, string>()
  const login = await get(`${base}/merchant/login`, '')
  let cookie = cookiesOf(login, jar)
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await decode(login))?.[1] ?? ''
  const signedIn = await get(
    `${base}/merchant/login`,
    cookie,
    'POST',
    new URLSearchParams({ _csrf: csrf, ...OWNER }).toString(),
  )
  if (signedIn.status !== 303) throw new Error(`the owner's sign-in answered ${signedIn.status}`)
  cookie = cookiesOf(signedIn, jar)

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
