import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import bcrypt from 'bcryptjs'
import type { Knex } from 'knex'
import { createLogger } from '../logger.ts'
import { createSession } from '../accounts/session-store.ts'
import { SESSION_COOKIES } from '../web/sessions/session-middleware.ts'
import { createKioskPairing } from '../kiosks/commands/create-kiosk.ts'
import { systemActor } from '../auth/actor.ts'
import { expirePoints } from '../loyalty/commands/expire-points.ts'
import { findBalanceMismatches } from '../loyalty/check-balances.ts'
import { queueRewardReadyEmails, REWARD_READY_CURSOR } from '../email/triggers/reward-ready.ts'
import { cleanupsOnExit, positiveEnv, round } from './harness.ts'
import { percentile } from './load.ts'
import { httpClient } from './earn-operations.ts'
import { startServerProcess } from './server-process.ts'
import { get } from './http-session.ts'
import { DEFAULT_SCALE, appendEarnings, type ScaleMerchant } from './scale-data.ts'
import {
  addScaleOwnerAndKey,
  randomScaleMember,
  scaleMember,
  openScaleChain,
  signInScaleOwner,
  timedRequests,
  type Timing,
} from './scale-session.ts'

// npm run bench:scale — RewardFlow at chain scale (issue 18): one merchant with 50 stores,
// 100 kiosks, 1,000,000 members and ≈ 10,000,000 ledger entries over two years (scale-data.ts,
// generated inside PostgreSQL; one member has 2,000 entries), then, against the production web
// process on a durable scratch PostgreSQL:
//  - API: a card by number, a member by email and by phone, an earning, a card's history
//    (first page; page 100 of the 2,000-entry member) — p50/p99 of sequential requests;
//  - pages: the storefront account and history (page 1 and 100) of the 2,000-entry member, the
//    merchant dashboard, the customer search page;
//  - jobs: points expiry over every card while earnings arrive at 50 a second through the API
//    (their p99, and without the sweep for comparison), the
//    reward_ready email sweep over a day's entries, ledger:check over every entry;
//  - kiosk: a new kiosk's first sync, an incremental one after 10,000 changes elsewhere, and
//    scans offline in Chromium with the whole copy (electron/webhost/bench/kiosk-at-scale.ts).
// BENCH_SCALE scales the members down for development (0.01: 10,000 members, 100,000 entries);
// BENCH_PARTS=pages stops after the API and the pages.

const TARGETS = {
  lookups_and_earn_p99_ms_max: 20,
  pages_p99_ms_max: 50,
  dashboard_p99_ms_max: 200,
  points_expiry_seconds_max: 300,
  earn_p99_during_expiry_ms_max: 20,
  kiosk_first_sync_seconds_max: 120,
  kiosk_first_sync_mb_max: 100,
  kiosk_incremental_sync_seconds_max: 2,
  kiosk_offline_scan_p95_ms_max: 100,
}
const scale = positiveEnv('BENCH_SCALE', 1)
const customers = Math.max(1_000, Math.round(DEFAULT_SCALE.customers * scale))
const REQUESTS = positiveEnv('BENCH_REQUESTS', 200)
const WARMUP = 20
const EARN_RATE = positiveEnv('BENCH_EXPIRY_EARN_RATE', 50)
const KIOSK_CHANGES = Math.min(10_000, customers - 2)
const EXPIRY_MONTHS = 5
const PIN = '482913'
const log = createLogger('warn')
const { cleanups, cleanUp } = cleanupsOnExit()

const timed = (label: string, request: () => Promise<void>) =>
  timedRequests(label, request, { requests: REQUESTS, warmup: WARMUP })
const seconds = (since: number) => round((performance.now() - since) / 1000, 2)

/** The database's own view of its size: what a million members weigh. */
const sizes = async (knex: Knex) => {
  const { rows } = await knex.raw<{ rows: { name: string; mb: number }[] }>(
    `SELECT c.relname AS name, round(pg_total_relation_size(c.oid) / 1e6)::int AS mb
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r'
      ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 4`,
  )
  const [{ mb }] = (
    await knex.raw('SELECT round(pg_database_size(current_database()) / 1e6)::int AS mb')
  ).rows
  return {
    database_mb: mb as number,
    largest_tables_mb: Object.fromEntries(rows.map((r) => [r.name, r.mb])),
  }
}

/** A storefront session of the member with the longest history, as its browser holds it. */
const heavyMemberCookie = async (knex: Knex, merchant: ScaleMerchant) => {
  const customer = await knex('customers')
    .where({ merchant_id: merchant.merchantId, email: merchant.heavyCard.email })
    .first('id')
  const session = await createSession(knex, {
    account: { audience: 'customer', id: customer.id, merchantId: merchant.merchantId },
    timeouts: { idleSeconds: 7_200, absoluteSeconds: 14_400 },
  })
  return `${SESSION_COOKIES.customer}=${session.token}`
}

/** The kiosk child process and its lines `SCALE_KIOSK {json}`, one per phase. */
const startKiosk = (env: Record<string, string>) => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/webhost/bench/kiosk-at-scale.ts'],
    { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] },
  )
  const waiting = new Map<string, (figures: Record<string, unknown>) => void>()
  const seen = new Map<string, Record<string, unknown>>()
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('SCALE_KIOSK ')) return console.log(`  kiosk: ${line}`)
    const { phase, ...figures } = JSON.parse(line.slice('SCALE_KIOSK '.length)) as {
      phase: string
    }
    seen.set(phase, figures)
    waiting.get(phase)?.(figures)
  })
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)))
  return {
    phase: (name: string) =>
      Promise.race([
        seen.has(name)
          ? Promise.resolve(seen.get(name)!)
          : new Promise<Record<string, unknown>>((resolve) => waiting.set(name, resolve)),
        exited.then((code) => {
          throw new Error(`the kiosk exited (${code}) before "${name}"`)
        }),
      ]),
    say: (word: string) => child.stdin.write(`${word}\n`),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}

const main = async () => {
  console.log(
    `RewardFlow scale benchmark: ${customers.toLocaleString('en')} members, ` +
      `${REQUESTS} requests per figure, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}`,
  )
  const { database, knex, merchant, analytics } = await openScaleChain(log, cleanups, {
    customers,
  })
  const storage = await sizes(knex)
  console.log(`  database ${storage.database_mb} MB`, storage.largest_tables_mb)
  const token = await addScaleOwnerAndKey(knex, merchant)
  const memberCookie = await heavyMemberCookie(knex, merchant)
  const [homeStore, homeCode] = [merchant.storeIds[0]!, merchant.storeCodes[0]!]
  // The store's cashier gets a PIN, for the kiosk.
  await knex('staff')
    .whereIn('id', knex('staff_stores').where('store_id', homeStore).select('staff_id'))
    .update({ pin_hash: await bcrypt.hash(PIN, 10), pin_changed_at: knex.fn.now() })

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rf-scale-bench-'))
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
  let server = await startServerProcess({
    databaseUrl: database.url,
    dataDir,
    env: { PROCESS_ROLES: 'web', LOG_LEVEL: 'warn' },
    startSeconds: 300,
  })
  cleanups.push(() => server.stop())
  const base = server.baseUrl
  const ownerCookie = await signInScaleOwner(base)
  const apiClient = httpClient(base, 8)
  cleanups.push(async () => apiClient.close())

  const api = async (method: 'GET' | 'POST', pathAndQuery: string, body?: object) => {
    const response = await fetch(`${base}/api/v1${pathAndQuery}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    })
    const json = (await response.json()) as { data?: unknown[] | object }
    if (response.status >= 300) throw new Error(`${pathAndQuery} answered ${response.status}`)
    if (Array.isArray(json.data) && json.data.length === 0)
      throw new Error(`${pathAndQuery} found nothing`)
  }
  const page = async (url: string, cookie: string) => {
    const answer = await get(`${base}${url}`, cookie)
    if (answer.status !== 200) throw new Error(`${url} answered ${answer.status}`)
  }
  const search = (query: string) => api('GET', `/customers?query=${encodeURIComponent(query)}`)
  const heavy = merchant.heavyCard.number
  const heavyPages = Math.ceil(merchant.heavyCard.entries / 20)

  console.log('\nAPI (a different member each request):')
  const apiFigures: Record<string, Timing> = {
    card_by_number: await timed('card by number', () =>
      api('GET', `/cards/${randomScaleMember(customers).number}`),
    ),
    card_by_email: await timed('member by email', () => search(randomScaleMember(customers).email)),
    card_by_phone: await timed('member by phone', () => search(randomScaleMember(customers).phone)),
    earn: await timed('earn', async () => {
      const outcome = await apiClient.earn(token, randomScaleMember(customers).number, homeCode)
      if (!outcome.ok) throw new Error(outcome.error)
    }),
    history_first_page: await timed('history, first page', () =>
      api('GET', `/cards/${randomScaleMember(customers).number}/history`),
    ),
    history_page_100: await timed(
      `history, page ${Math.min(100, heavyPages)} (2,000 entries)`,
      () => api('GET', `/cards/${heavy}/history?page=${Math.min(100, heavyPages)}`),
    ),
  }

  console.log('\nPages:')
  const store = `/s/${homeCode.toLowerCase()}`
  const pageFigures: Record<string, Timing> = {
    storefront_account: await timed('storefront account (2,000 entries)', () =>
      page(`${store}/account`, memberCookie),
    ),
    storefront_history: await timed('storefront history, page 1', () =>
      page(`${store}/account/history`, memberCookie),
    ),
    storefront_history_page_100: await timed(
      `storefront history, page ${Math.min(100, heavyPages)}`,
      () => page(`${store}/account/history?page=${Math.min(100, heavyPages)}`, memberCookie),
    ),
    merchant_dashboard: await timed('merchant dashboard', () => page('/merchant', ownerCookie)),
    customer_search: await timed('customer search page', () =>
      page(
        `/merchant/customers?query=${encodeURIComponent(randomScaleMember(customers).email)}`,
        ownerCookie,
      ),
    ),
  }

  if (process.env.BENCH_PARTS === 'pages') {
    // API and pages only (BENCH_PARTS=pages): a quick look, e.g. at the dashboard.
    console.log(
      JSON.stringify({
        bench: 'scale',
        parts: 'api,pages',
        members: merchant.customers,
        ledger_entries: merchant.entries,
        generation_seconds: round(merchant.seconds, 1),
        analytics_rebuild_seconds: round(analytics.totalSeconds, 1),
        load_average: os.loadavg().map((l) => round(l, 1)),
        api: apiFigures,
        pages: pageFigures,
      }),
    )
    return
  }

  const kioskAtScale = async () => {
    console.log('\nKiosk at scale (a new kiosk at the first store):')
    const pairing = await createKioskPairing(knex, {
      merchantId: merchant.merchantId,
      storeCode: homeCode,
      name: 'Bench till',
      baseUrl: base,
      actor: systemActor(merchant.merchantId, 'bench'),
    })
    const carried = Number(
      (
        await knex('cards')
          .where('merchant_id', merchant.merchantId)
          .where((q) =>
            q
              .where('last_activity_at', '>=', knex.raw(`now() - interval '90 days'`))
              .orWhere('enrolled_store_id', homeStore),
          )
          .count({ n: '*' })
          .first()
      )?.n ?? 0,
    )
    // Members the kiosk scans: seen in the last 60 days (g % 180 < 60), all over the range.
    const blocks = Math.max(1, Math.floor(customers / 180) - 1)
    const scanned = Array.from(
      { length: 400 },
      (_, i) =>
        scaleMember(Math.floor((((i * 7919) % 1_000) / 1_000) * blocks) * 180 + 2 + (i % 58))
          .number,
    )
    const kiosk = startKiosk({
      SCALE_KIOSK_BACKEND_URL: base,
      SCALE_KIOSK_PAIRING_CODE: pairing.code,
      SCALE_KIOSK_PIN: PIN,
      SCALE_KIOSK_CARDS: scanned.join(','),
      SCALE_KIOSK_SCANS: String(REQUESTS),
    })
    cleanups.push(kiosk.stop)
    const firstSync = await kiosk.phase('first_sync')
    console.log(`  first sync of ${carried.toLocaleString('en')} carried cards:`, firstSync)
    await kiosk.phase('ready')
    // 10,000 changes elsewhere: earnings on members 2 … 10,001 at their home stores.
    await appendEarnings(knex, merchant, KIOSK_CHANGES)
    kiosk.say('incremental')
    const incremental = await kiosk.phase('incremental_sync')
    console.log(
      `  incremental sync after ${KIOSK_CHANGES.toLocaleString('en')} changes:`,
      incremental,
    )
    await server.stop()
    kiosk.say('offline')
    const coreScans = await kiosk.phase('core_scans')
    console.log('  offline, the kiosk core alone:', coreScans)
    const offline = await kiosk.phase('offline_scans')
    console.log('  offline, scan to card screen in Chromium:', offline)
    await kiosk.stop()
    const kioskFigures = {
      carried_cards: carried,
      first_sync: firstSync,
      incremental_sync: { changes: KIOSK_CHANGES, ...incremental },
      offline_core_lookups: coreScans,
      offline_scans: offline,
    }
    return kioskFigures
  }
  const kioskFigures: Record<string, unknown> = await kioskAtScale().catch((error: unknown) => {
    console.error(error)
    return { error: (error as Error).message }
  })
  const firstSync = (kioskFigures.first_sync ?? {}) as Record<string, number>
  const incremental = (kioskFigures.incremental_sync ?? {}) as Record<string, number>
  const offline = (kioskFigures.offline_scans ?? {}) as Record<string, unknown>

  // The kiosk phase ended with the backend stopped (offline scans): the jobs get a new one.
  await server.stop()
  server = await startServerProcess({
    databaseUrl: database.url,
    dataDir,
    env: { PROCESS_ROLES: 'web', LOG_LEVEL: 'warn' },
    startSeconds: 300,
  })
  const client = httpClient(server.baseUrl, 8)
  cleanups.push(async () => client.close())

  console.log('\nJobs:')
  // Points expiry: the programme expires balances after five months without activity (the
  // generated members were last seen up to 180 days ago: about one in six is due), while the
  // till earns through the API on other members.
  await knex('programmes')
    .where('id', merchant.programmeId)
    .update({ expiry_months: EXPIRY_MONTHS })
  const due = Number(
    (
      await knex('cards')
        .where('merchant_id', merchant.merchantId)
        .where('points_balance', '>', 0)
        .whereRaw(`last_activity_at < now() - make_interval(months => ?)`, [EXPIRY_MONTHS])
        .count({ n: '*' })
        .first()
    )?.n ?? 0,
  )
  // Earners pick members seen in the last 150 days (not due), as the till would.
  const recentMember = () => {
    for (;;) {
      const m = randomScaleMember(customers)
      const g = Number(m.number.slice(0, -1)) - 10_000_000_000
      if (g % 180 < 120) return m
    }
  }
  // The till's load while the sweep runs: earnings sent on a fixed schedule (open loop, not
  // clients that wait for each other), EARN_RATE a second, ten times the busiest hour of a
  // 50-store chain (docs/scaling.md) — first for 10 s with no sweep (the baseline), then for as
  // long as the sweep runs. A closed loop of clients earning flat out measures the machine's
  // saturation (bench:ledger's question), where every request queues behind the others'.
  const pacedEarnings = async (until: () => boolean) => {
    const latencies: number[] = []
    let errors = 0
    const inFlight: Promise<void>[] = []
    const started = performance.now()
    for (let n = 0; !until(); n++) {
      const due = started + (n * 1000) / EARN_RATE
      const wait = due - performance.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      inFlight.push(
        client.earn(token, recentMember().number, homeCode).then((outcome) => {
          if (!outcome.ok) errors++
          // From when it was due: a request the load generator sent late counts its lateness.
          latencies.push(performance.now() - due)
        }),
      )
    }
    await Promise.all(inFlight)
    const sorted = Float64Array.from(latencies).sort()
    return {
      rate_per_second: EARN_RATE,
      earnings: latencies.length,
      errors,
      p50_ms: round(percentile(sorted, 0.5), 2),
      p99_ms: round(percentile(sorted, 0.99), 2),
      max_ms: round(sorted[sorted.length - 1] ?? 0, 2),
    }
  }
  // The server process is new (the kiosk phase stopped the last one): 5 s of the same load first,
  // discarded, so the baseline is not its warm-up (the first run's baseline p99 was 191 ms).
  const warmUntil = performance.now() + 5_000
  await pacedEarnings(() => performance.now() > warmUntil)
  const baselineUntil = performance.now() + 10_000
  const earnWithoutExpiry = await pacedEarnings(() => performance.now() > baselineUntil)
  let expiryDone = false
  const expiryStarted = performance.now()
  const expiry = expirePoints(knex).finally(() => (expiryDone = true))
  const earnDuring = await pacedEarnings(() => expiryDone)
  const earnErrors = earnDuring.errors + earnWithoutExpiry.errors
  const expiryRun = await expiry
  const jobs = {
    points_expiry: {
      cards: merchant.customers,
      due,
      expired: expiryRun.expired,
      seconds: seconds(expiryStarted),
      earn_during: earnDuring,
      earn_without: earnWithoutExpiry,
    },
  }
  console.log(
    `  points expiry: ${expiryRun.expired.toLocaleString('en')} of ${due.toLocaleString('en')} due cards in ${jobs.points_expiry.seconds} s; ` +
      `${earnDuring.earnings} earnings meanwhile (${EARN_RATE}/s), p50 ${earnDuring.p50_ms} ms, p99 ${earnDuring.p99_ms} ms ` +
      `(without the sweep: p50 ${earnWithoutExpiry.p50_ms} ms, p99 ${earnWithoutExpiry.p99_ms} ms)`,
  )

  // The email sweep over the ledger: reward_ready over the last day's entries (its cursor put a
  // day back).
  await knex('email_sweep_cursors')
    .insert({ name: REWARD_READY_CURSOR, position: knex.raw(`now() - interval '1 day'`) })
    .onConflict('name')
    .merge()
  const dayEntries = Number(
    (
      await knex('ledger_entries')
        .where('merchant_id', merchant.merchantId)
        .where('recorded_at', '>', knex.raw(`now() - interval '1 day'`))
        .count({ n: '*' })
        .first()
    )?.n ?? 0,
  )
  let started = performance.now()
  const rewardReady = await queueRewardReadyEmails(knex, { lagSeconds: 0 })
  const rewardReadySeconds = seconds(started)
  console.log(
    `  reward_ready sweep over ${dayEntries.toLocaleString('en')} entries of a day: ${rewardReadySeconds} s (${rewardReady.queued} emails)`,
  )
  started = performance.now()
  const mismatches = await findBalanceMismatches(knex)
  const checkSeconds = seconds(started)
  console.log(
    `  ledger:check over ${merchant.entries.toLocaleString('en')} entries: ${checkSeconds} s, ${mismatches.length} mismatches`,
  )
  const jobFigures = {
    ...jobs,
    reward_ready_sweep: {
      entries: dayEntries,
      seconds: rewardReadySeconds,
      emails: rewardReady.queued,
    },
    ledger_check: {
      entries: merchant.entries,
      seconds: checkSeconds,
      mismatches: mismatches.length,
    },
  }

  const lookups = [
    'card_by_number',
    'card_by_email',
    'card_by_phone',
    'earn',
    'history_first_page',
    'history_page_100',
  ]
  const verdict = {
    api: lookups.every((k) => apiFigures[k]!.p99_ms < TARGETS.lookups_and_earn_p99_ms_max),
    pages: Object.entries(pageFigures).every(
      ([k, f]) =>
        f.p99_ms <
        (k === 'merchant_dashboard' ? TARGETS.dashboard_p99_ms_max : TARGETS.pages_p99_ms_max),
    ),
    points_expiry:
      jobs.points_expiry.seconds < TARGETS.points_expiry_seconds_max &&
      jobs.points_expiry.earn_during.p99_ms < TARGETS.earn_p99_during_expiry_ms_max &&
      earnErrors === 0,
    ledger: mismatches.length === 0,
    kiosk:
      firstSync.seconds! < TARGETS.kiosk_first_sync_seconds_max &&
      firstSync.mb_received! < TARGETS.kiosk_first_sync_mb_max &&
      incremental.seconds! < TARGETS.kiosk_incremental_sync_seconds_max &&
      typeof offline.p95_ms === 'number' &&
      offline.p95_ms < TARGETS.kiosk_offline_scan_p95_ms_max,
  }
  console.log(
    JSON.stringify({
      bench: 'scale',
      members: merchant.customers,
      ledger_entries: merchant.entries,
      generation_seconds: round(merchant.seconds, 1),
      storage,
      load_average: os.loadavg().map((l) => round(l, 1)),
      api: apiFigures,
      pages: pageFigures,
      jobs: jobFigures,
      kiosk: kioskFigures,
      targets: TARGETS,
      verdict,
      target_met: Object.values(verdict).every(Boolean),
    }),
  )
}

main()
  .catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
  .finally(() => cleanUp())
