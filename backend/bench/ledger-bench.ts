import { rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { Db } from '../db/knex.ts'
import { createLogger } from '../logger.ts'
import { cpuSampler } from './cpu.ts'
import { buildEarnFixture, measurePhase, type EarnFixture } from './earn-phase.ts'
import { BENCH_POINTS, DIRECT_REQUEST_HASH, earnDirectly, httpClient } from './earn-operations.ts'
import { summary, table, TARGETS, type Checks, type Phase } from './report.ts'
import { openMigratedScratch } from './scratch-database.ts'
import { startServerProcess, type ServerProcess } from './server-process.ts'
import { cleanupsOnExit, positiveEnv } from './harness.ts'

// npm run bench:ledger — earn-points throughput and latency through the whole HTTP stack,
// against the same ledger transaction issued directly with pg, on one scratch database.
// Env: BENCH_SECONDS (measured, default 10), BENCH_WARMUP_SECONDS (default 3),
// BENCH_CONCURRENCY (default 32), DATABASE_URL (else an embedded, durable PostgreSQL),
// BENCH_SERVER_NODE_ARGS (extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p").
// Exit code 0 whether or not the target is met (the last line says); 1 if the run failed.

const seconds = positiveEnv('BENCH_SECONDS', 10)
const warmupSeconds = positiveEnv('BENCH_WARMUP_SECONDS', 3)
const concurrency = Math.round(positiveEnv('BENCH_CONCURRENCY', 32))
const healthzSeconds = Math.min(seconds, 5)
const serverPoolMax = process.env.DATABASE_POOL_MAX ?? '10 (default)'

const log = createLogger('warn')
const { cleanups, cleanUp } = cleanupsOnExit()

type Fixture = EarnFixture

const measure = (
  sampler: ReturnType<typeof cpuSampler>,
  options: Parameters<typeof measurePhase>[2],
): Promise<Phase> => measurePhase(sampler, concurrency, options)

/** Entries written match successful operations; cached balances match the ledger. */
const verify = async (
  knex: Db,
  fixture: Fixture,
  httpEarned: number,
  directEarned: number,
): Promise<Checks> => {
  const cardIds = fixture.cards.map((c) => c.cardId)
  const counts = await knex('ledger_entries')
    .whereIn('card_id', cardIds)
    .where({ type: 'earn', status: 'applied', points_delta: BENCH_POINTS })
    .select(
      knex.raw('count(*) FILTER (WHERE api_key_id = ?)::int AS http', [fixture.apiKeyId]),
      knex.raw('count(*) FILTER (WHERE request_hash = ?)::int AS direct', [DIRECT_REQUEST_HASH]),
    )
    .first<{ http: number; direct: number }>()
  const drift = await knex('cards as c')
    .whereIn('c.id', cardIds)
    .whereRaw(
      `c.points_balance <> (SELECT coalesce(sum(e.points_delta), 0) FROM ledger_entries e
         WHERE e.card_id = c.id AND e.status = 'applied')`,
    )
    .count<{ n: number }[]>({ n: '*' })
  return {
    entries_match_requests: counts.http === httpEarned && counts.direct === directEarned,
    balances_match_ledger: Number(drift[0]?.n ?? 0) === 0,
  }
}

const main = async () => {
  console.log(
    `RewardFlow ledger benchmark: earn points, ${concurrency} concurrent clients on ` +
      `${concurrency} distinct cards, ${warmupSeconds} s warm-up (discarded) + ${seconds} s ` +
      `measured per phase, ${os.cpus().length} CPUs`,
  )
  const { database, knex } = await openMigratedScratch(log, cleanups)
  console.log(`  database:  ${database.description}`)
  const fixture = await buildEarnFixture(knex, concurrency)
  console.log(
    `  programme: points, 1 point per currency unit, cooldown 0 min, no daily cap: every ` +
      `request earns ${BENCH_POINTS} points`,
  )

  const dataDir = path.join(os.tmpdir(), `rf-bench-data-${process.pid}`)
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const server: ServerProcess = await startServerProcess({
    databaseUrl: database.url,
    dataDir,
    nodeArgs,
  })
  cleanups.push(() => server.stop())
  console.log(
    `  server:    backend/main.ts in a child process (pid ${server.pid}) on ${server.baseUrl}, ` +
      `NODE_ENV=production, PROCESS_ROLES=web, LOG_LEVEL=warn (access logs off), ` +
      `DATABASE_POOL_MAX=${serverPoolMax}${nodeArgs.length ? `, node ${nodeArgs.join(' ')}` : ''}`,
  )
  console.log(`  load:      node:http keep-alive agent, ${concurrency} sockets, in this process\n`)

  let serverPid: number | null = server.pid
  const sampler = cpuSampler({
    serverPid: () => serverPid,
    postmasterPid: () => database.postmasterPid,
  })
  const client = httpClient(server.baseUrl, concurrency)
  cleanups.push(async () => client.close())

  const healthz = await measure(sampler, {
    warmupMs: 1_000,
    measureMs: healthzSeconds * 1_000,
    operation: () => client.get('/healthz'),
  })
  let httpEarned = 0
  const http = await measure(sampler, {
    warmupMs: warmupSeconds * 1_000,
    measureMs: seconds * 1_000,
    operation: async (worker) => {
      const outcome = await client.earn(
        fixture.token,
        fixture.cards[worker]!.number,
        fixture.storeCode,
      )
      if (outcome.ok) httpEarned++
      return outcome
    },
  })
  client.close()
  await server.stop()
  serverPid = null

  const pool = new pg.Pool({ connectionString: database.url, max: concurrency })
  // An idle client's error (server gone) must not crash the run; busy ones fail their operation.
  pool.on('error', () => undefined)
  cleanups.push(() => pool.end())
  let directEarned = 0
  const direct = await measure(sampler, {
    warmupMs: warmupSeconds * 1_000,
    measureMs: seconds * 1_000,
    operation: async (worker) => {
      const outcome = await earnDirectly(pool, {
        cardId: fixture.cards[worker]!.cardId,
        storeId: fixture.storeId,
      })
      if (outcome.ok) directEarned++
      return outcome
    },
  })
  await pool.end()
  cleanups.pop()

  const checks = await verify(knex, fixture, httpEarned, directEarned)
  const result = summary({
    concurrency,
    seconds,
    warmupSeconds,
    database: database.description,
    serverPoolMax,
    healthz,
    http,
    direct,
    checks,
  })

  console.log(
    table([
      [`GET /healthz (${healthzSeconds} s)`, healthz],
      ['HTTP earn', http],
      ['direct pg transaction', direct],
    ]),
  )
  console.log(
    `(cpu: percent of one core over the measured window; ${os.cpus().length} cores = ` +
      `${os.cpus().length * 100} %. "others" is everything else running on the machine.)`,
  )
  const mark = (ok: boolean) => (ok ? 'met' : 'MISSED')
  console.log(
    [
      '',
      `ratio HTTP/direct: ${(result.ratio ?? 0).toFixed(3)}   (target >= ${TARGETS.ratio_min}: ${mark(result.verdict.ratio)})`,
      `HTTP p99:          ${http.result.p99Ms.toFixed(1)} ms   (target < ${TARGETS.p99_ms_max} ms: ${mark(result.verdict.p99)})`,
      `errors:            HTTP ${http.result.errors}, direct ${direct.result.errors}`,
      `checks:            entries match requests: ${checks.entries_match_requests}, ` +
        `balances match ledger: ${checks.balances_match_ledger}`,
      ...[...http.result.sampleErrors, ...direct.result.sampleErrors].map((e) => `  error: ${e}`),
      `target met:        ${result.target_met ? 'yes' : 'NO'}`,
      '',
    ].join('\n'),
  )
  await cleanUp()
  console.log(JSON.stringify(result))
}

try {
  await main()
} catch (error) {
  console.error('\nThe benchmark failed:', error)
  await cleanUp()
  process.exit(1)
}
