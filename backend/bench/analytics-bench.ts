import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {
  isAnalyticsView,
  loadAnalyticsView,
  localToday,
} from '../analytics/queries/analytics-page.ts'
import { refreshAnalytics } from '../analytics/refresh-summaries.ts'
import { createLogger } from '../logger.ts'
import { cpuSampler } from './cpu.ts'
import { buildEarnFixture, measurePhase } from './earn-phase.ts'
import { httpClient } from './earn-operations.ts'
import { cleanupsOnExit, positiveEnv, round } from './harness.ts'
import { percentile } from './load.ts'
import { DEFAULT_SCALE } from './scale-data.ts'
import { get } from './http-session.ts'
import { addScaleOwnerAndKey, openScaleChain, signInScaleOwner } from './scale-session.ts'
import { startServerProcess } from './server-process.ts'
import { measureLedgerExport, measureMemberImport } from './export-bench.ts'

// npm run bench:analytics — /merchant/analytics at chain scale: a merchant with 1,000,000
// members, about 10,000,000 ledger entries over two years and 20 stores (scale-data.ts), then
// 1. the summaries built from the whole history by `analytics:rebuild` (set-based, one
//    transaction; openScaleChain runs it after the generation), timed;
// 2. each view as the owner gets it over HTTP from the production web process — the whole page
//    and each view's CSV (one view each) — p50/p95 over BENCH_REQUESTS requests (default 60,
//    after 10 to warm up), for the last 365 days; and each view's query alone (p95);
// 3. the earn path's cost: bench:ledger's HTTP earning load (earn-phase.ts) with the job not
//    running, then running back to back every BENCH_JOB_INTERVAL_MS (default 1000: sixty times
//    its production cadence), alternated twice; the throughput lost must stay under 10 %.
// Targets: every view p95 < 300 ms; earn cost < 10 %. BENCH_SCALE (e.g. 0.01) scales the data.

const TARGETS = {
  view_p95_ms_max: 300,
  earn_cost_max: 0.1,
  export_peak_rss_mb_max: 250,
  import_100k_seconds_max: 60,
}
const scale = positiveEnv('BENCH_SCALE', 1)
const REQUESTS = Math.round(positiveEnv('BENCH_REQUESTS', 60))
const WARMUP = 10
const earnSeconds = positiveEnv('BENCH_SECONDS', 10)
const warmupSeconds = positiveEnv('BENCH_WARMUP_SECONDS', 3)
const concurrency = Math.round(positiveEnv('BENCH_CONCURRENCY', 32))
const IMPORT_LINES = Math.round(100_000 * Math.min(1, scale))
const jobIntervalMs = positiveEnv('BENCH_JOB_INTERVAL_MS', 1000)
const customers = Math.max(1000, Math.round(DEFAULT_SCALE.customers * scale))
const VIEWS = ['members', 'movements', 'visits', 'cohorts', 'stores', 'outstanding', 'cashiers']

const log = createLogger('warn')
const { cleanups, cleanUp } = cleanupsOnExit()

const seconds = (started: number) => round((performance.now() - started) / 1000, 1)

const main = async () => {
  console.log(
    `RewardFlow analytics benchmark: ${customers.toLocaleString('en')} members, 20 stores, ` +
      `${REQUESTS} requests per view, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}`,
  )
  const { database, knex, merchant, analytics } = await openScaleChain(log, cleanups, {
    customers,
    stores: 20,
  })
  // The rewards' value in money (the outstanding points' value): €5 for 50 points and so on.
  await knex('rewards')
    .where('merchant_id', merchant.merchantId)
    .update({ value_cents: knex.raw('cost * 10') })
  await addScaleOwnerAndKey(knex, merchant)

  // 1. The summaries from the whole history: built by openScaleChain with analytics:rebuild.
  const buildSeconds = round(analytics.totalSeconds, 1)
  const folded = analytics.entries
  const vacuumStarted = performance.now()
  await knex.raw(
    'VACUUM ANALYZE analytics_daily, analytics_cashier_daily, analytics_monthly_members, analytics_store_matrix, analytics_card_activity',
  )
  const sizes = await knex.raw<{ rows: { name: string; rows: string }[] }>(
    `SELECT relname AS name, n_live_tup AS rows FROM pg_stat_user_tables WHERE relname LIKE 'analytics_%' ORDER BY 1`,
  )
  console.log(
    `  ${folded.toLocaleString('en')} entries folded in ${buildSeconds} s (vacuum ${seconds(vacuumStarted)} s): ` +
      sizes.rows.map((r) => `${r.name} ${Number(r.rows).toLocaleString('en')}`).join(', '),
  )

  // 2. The views over HTTP, as the signed-in owner.
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rf-analytics-bench-'))
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
  const server = await startServerProcess({
    databaseUrl: database.url,
    dataDir,
    env: { PROCESS_ROLES: 'web', LOG_LEVEL: 'warn' },
  })
  cleanups.push(() => server.stop())
  const base = server.baseUrl
  const cookie = await signInScaleOwner(base)
  const today = new Date().toISOString().slice(0, 10)
  const yearAgo = new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10)
  const period = `from=${yearAgo}&to=${today}`

  console.log(`\nMeasuring each view (${period}):`)
  const views: Record<
    string,
    { p50_ms: number; p95_ms: number; max_ms: number; query_p95_ms?: number }
  > = {}
  // The query alone (the view's function on the bench's own connection), to tell the database's
  // share from the page's rendering and the HTTP stack's.
  const filter = {
    merchantId: merchant.merchantId,
    storeIds: null,
    from: yearAgo,
    to: today,
    today: localToday(),
  }
  const queryP95 = async (view: string) => {
    if (!isAnalyticsView(view)) return undefined
    const times: number[] = []
    for (let i = 0; i < WARMUP + REQUESTS; i++) {
      const started = performance.now()
      await loadAnalyticsView(knex, view, filter)
      if (i >= WARMUP) times.push(performance.now() - started)
    }
    return round(percentile(Float64Array.from(times).sort(), 0.95), 1)
  }
  for (const view of ['page', ...VIEWS]) {
    const url =
      view === 'page'
        ? `${base}/merchant/analytics?${period}`
        : `${base}/merchant/analytics/${view}.csv?${period}`
    const times: number[] = []
    for (let i = 0; i < WARMUP + REQUESTS; i++) {
      const started = performance.now()
      const answer = await get(url, cookie)
      if (answer.status !== 200) throw new Error(`${view} answered ${answer.status}`)
      if (i >= WARMUP) times.push(performance.now() - started)
    }
    const sorted = Float64Array.from(times).sort()
    views[view] = {
      p50_ms: round(percentile(sorted, 0.5), 1),
      p95_ms: round(percentile(sorted, 0.95), 1),
      max_ms: round(sorted[sorted.length - 1]!, 1),
      ...(view === 'page' ? {} : { query_p95_ms: await queryP95(view) }),
    }
    console.log(
      `  ${view.padEnd(12)} p50 ${`${views[view].p50_ms} ms`.padStart(9)}   p95 ${`${views[view].p95_ms} ms`.padStart(9)}` +
        (views[view].query_p95_ms === undefined
          ? ''
          : `   query alone p95 ${views[view].query_p95_ms} ms`),
    )
  }

  // 3. The earn path with and without the job (bench:ledger's load, HTTP, same server).
  console.log(`\nEarning (${concurrency} clients, ${earnSeconds} s per phase), job off / on:`)
  const fixture = await buildEarnFixture(knex, concurrency)
  await refreshAnalytics(knex, { lagSeconds: 0 })
  const sampler = cpuSampler({
    serverPid: () => server.pid,
    postmasterPid: () => database.postmasterPid,
  })
  const client = httpClient(base, concurrency)
  cleanups.push(async () => client.close())
  const earnPhase = () =>
    measurePhase(sampler, concurrency, {
      warmupMs: warmupSeconds * 1000,
      measureMs: earnSeconds * 1000,
      operation: (worker) =>
        client.earn(fixture.token, fixture.cards[worker]!.number, fixture.storeCode),
    })
  const jobRuns: number[] = []
  const withJob = async () => {
    let running = true
    const loop = (async () => {
      while (running) {
        const started = performance.now()
        await refreshAnalytics(knex, { lagSeconds: 0 })
        jobRuns.push(performance.now() - started)
        const rest = jobIntervalMs - (performance.now() - started)
        if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest))
      }
    })()
    try {
      return await earnPhase()
    } finally {
      running = false
      await loop
    }
  }
  const off: number[] = []
  const on: number[] = []
  for (let round_ = 0; round_ < 2; round_++) {
    const a = await earnPhase()
    off.push(a.result.perSecond)
    const b = await withJob()
    on.push(b.result.perSecond)
    console.log(
      `  round ${round_ + 1}: job off ${a.result.perSecond.toFixed(0)}/s (p99 ${a.result.p99Ms.toFixed(0)} ms), ` +
        `job on ${b.result.perSecond.toFixed(0)}/s (p99 ${b.result.p99Ms.toFixed(0)} ms), errors ${a.result.errors + b.result.errors}`,
    )
  }
  client.close()
  const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length
  const cost = 1 - mean(on) / mean(off)
  const jobSorted = Float64Array.from(jobRuns).sort()
  console.log(
    `  cost of the job: ${(cost * 100).toFixed(1)} % (job runs: ${jobRuns.length}, p50 ${percentile(jobSorted, 0.5).toFixed(0)} ms)`,
  )
  await server.stop()

  // The whole ledger out as CSV (a child process, its peak RSS), and 100,000 members in.
  console.log('Ledger export and member import…')
  const ledgerExport = await measureLedgerExport(knex, merchant.merchantId)
  console.log(
    `  ledger export: ${ledgerExport.rows} rows, ${ledgerExport.rows_per_second.toFixed(0)} rows/s, peak RSS ${ledgerExport.peak_rss_mb} MB`,
  )
  const memberImport = await measureMemberImport(knex, merchant.merchantId, IMPORT_LINES)
  console.log(`  member import: ${JSON.stringify(memberImport)}`)
  const importSeconds = memberImport.dry_run_seconds + memberImport.import_seconds

  const viewsMet = Object.values(views).every((v) => v.p95_ms < TARGETS.view_p95_ms_max)
  const earnMet = cost < TARGETS.earn_cost_max
  const exportMet = ledgerExport.peak_rss_mb < TARGETS.export_peak_rss_mb_max
  const importMet = importSeconds * (100_000 / IMPORT_LINES) < TARGETS.import_100k_seconds_max
  console.log(
    JSON.stringify({
      bench: 'analytics',
      members: merchant.customers,
      ledger_entries: merchant.entries,
      stores: merchant.storeIds.length,
      generation_seconds: round(merchant.seconds, 1),
      summaries: {
        build_seconds: buildSeconds,
        build_steps: analytics.seconds,
        entries: folded,
        rows: Object.fromEntries(sizes.rows.map((r) => [r.name, Number(r.rows)])),
      },
      views,
      earn: {
        per_second_job_off: off.map((v) => round(v, 1)),
        per_second_job_on: on.map((v) => round(v, 1)),
        cost: round(cost, 3),
        job_interval_ms: jobIntervalMs,
        job_runs: jobRuns.length,
        job_run_p50_ms: round(percentile(jobSorted, 0.5), 1),
      },
      ledger_export: ledgerExport,
      member_import: { ...memberImport, lines: IMPORT_LINES },
      load_average: round(os.loadavg()[0]!, 1),
      targets: TARGETS,
      target_met: viewsMet && earnMet && exportMet && importMet,
    }),
  )
}

main()
  .catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
  .finally(() => cleanUp())
