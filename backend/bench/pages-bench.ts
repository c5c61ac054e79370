import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { createLogger } from '../logger.ts'
import { openDemoDatabase } from './demo-database.ts'
import { startServerProcess } from './server-process.ts'
import { round } from './harness.ts'
import { percentile } from './load.ts'
import { cookiesOf, decode, get } from './http-session.ts'

// npm run bench:pages — the storefront's join, account and history pages as a customer's phone
// gets them: the app's own time per page (Server-Timing, p50/p99 over 200 requests after 30 to
// warm up; the member has 25 purchases in two stores), the bytes transferred (HTML + CSS + JS, as compressed on the wire), and Lighthouse
// performance and accessibility scores (mobile, simulated throttling) in Debian's Chromium.
// Targets: render p50 < 10 ms, < 100 KB transferred, both Lighthouse scores ≥ 95.

const TARGETS = { render_p50_ms_max: 10, transfer_kb_max: 100, lighthouse_min: 95 }
const REQUESTS = 200
const WARMUP = 30
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium'

/** The card number of the member joinCustomer made. */
const lastJoined: string[] = []

/** A new member who joined through the form: the session cookie of their browser. */
const joinCustomer = async (base: string): Promise<string> => {
  const jar = new Map<string, string>()
  const page = await get(`${base}/s/fashionhub/join`, '')
  let cookie = cookiesOf(page, jar)
  const html = await decode(page)
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''
  const form = new URLSearchParams({
    _csrf: csrf,
    email: `bench-${Date.now()}@example.lu`,
    name: 'Bench Member',
    terms: 'yes',
  }).toString()
  const joined = await get(`${base}/s/fashionhub/join`, cookie, 'POST', form)
  if (joined.status !== 303) throw new Error(`join answered ${joined.status}`)
  cookie = cookiesOf(joined, jar)
  const card = await decode(await get(`${base}/s/fashionhub/account/card`, cookie))
  const number = /(\d{4})\s(\d{4})\s(\d{4})/.exec(card)
  if (!number) throw new Error('no card number on the card page')
  lastJoined.splice(0, 1, number.slice(1).join(''))
  return cookie
}

/**
 * A full first page of history: 25 purchases through the JSON API (the demo key npm start
 * writes), six minutes apart in the past so the cooldown lets each one earn.
 */
const fillHistory = async (base: string, dataDir: string) => {
  const { readFile } = await import('node:fs/promises')
  const { randomUUID } = await import('node:crypto')
  const key = (await readFile(path.join(dataDir, 'demo-api-key.txt'), 'utf8')).trim()
  const [number] = lastJoined
  for (let i = 0; i < 25; i++) {
    const response = await fetch(`${base}/api/v1/cards/${number}/earn`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: randomUUID(),
        store_code: i % 2 ? 'FASHIONOUTLET' : 'FASHIONHUB',
        amount_cents: 1_000 + i * 137,
        occurred_at: new Date(Date.now() - (26 - i) * 6 * 60_000).toISOString(),
      }),
    })
    if (response.status !== 201) throw new Error(`earn answered ${response.status}`)
  }
}

const measurePage = async (base: string, pagePath: string, cookie: string) => {
  const url = `${base}${pagePath}`
  const times: number[] = []
  for (let i = 0; i < WARMUP + REQUESTS; i++) {
    const raw = await get(url, cookie)
    if (raw.status !== 200) throw new Error(`${pagePath} answered ${raw.status}`)
    const timing = /app;dur=([\d.]+)/.exec(String(raw.headers['server-timing'] ?? ''))
    if (i >= WARMUP && timing) times.push(Number(timing[1]))
  }
  const page = await get(url, cookie)
  const html = await decode(page)
  const assets = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!)
  let bytes = page.bytes.length
  for (const asset of new Set(assets)) bytes += (await get(`${base}${asset}`, '')).bytes.length
  const sorted = Float64Array.from(times).sort()
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), bytes }
}

const runLighthouse = async (url: string, cookie: string) => {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
      extraHeaders: cookie
        ? { Cookie: cookie, 'Accept-Language': 'fr' }
        : { 'Accept-Language': 'fr' },
    })
    const categories = result?.lhr.categories
    return {
      performance: Math.round((categories?.performance?.score ?? 0) * 100),
      accessibility: Math.round((categories?.accessibility?.score ?? 0) * 100),
    }
  } finally {
    await chrome.kill()
  }
}

const main = async () => {
  const log = createLogger('warn')
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rf-pages-bench-'))
  // The demo data is seeded here first: the production server never seeds it.
  const database = await openDemoDatabase(log, dataDir)
  const server = await startServerProcess({
    databaseUrl: database.url,
    dataDir,
    env: { PROCESS_ROLES: 'web', LOG_LEVEL: 'warn' },
  })
  try {
    const base = server.baseUrl
    const cookie = await joinCustomer(base)
    await fillHistory(base, dataDir)
    const pages = [
      { name: 'join', path: '/s/fashionhub/join', cookie: '' },
      { name: 'account', path: '/s/fashionhub/account', cookie },
      { name: 'history', path: '/s/fashionhub/account/history', cookie },
    ]
    // BENCH_PAGES=join,account: only those pages.
    const only = process.env.BENCH_PAGES?.split(',').map((p) => p.trim())
    const figures: Record<string, Record<string, number>> = {}
    for (const page of pages.filter((p) => !only || only.includes(p.name))) {
      console.log(`Measuring ${page.name} (${page.path})…`)
      const measured = await measurePage(base, page.path, page.cookie)
      const scores = await runLighthouse(`${base}${page.path}`, page.cookie)
      figures[page.name] = {
        render_p50_ms: round(measured.p50, 2),
        render_p99_ms: round(measured.p99, 2),
        transfer_kb: round(measured.bytes / 1024, 1),
        lighthouse_performance: scores.performance,
        lighthouse_accessibility: scores.accessibility,
      }
    }
    console.log('')
    console.log('page      render p50   render p99   transferred   Lighthouse perf / a11y')
    for (const [name, f] of Object.entries(figures)) {
      console.log(
        `${name.padEnd(9)} ${`${f.render_p50_ms} ms`.padStart(10)}   ${`${f.render_p99_ms} ms`.padStart(10)}   ${`${f.transfer_kb} KB`.padStart(11)}   ${f.lighthouse_performance} / ${f.lighthouse_accessibility}`,
      )
    }
    const targetMet = Object.values(figures).every(
      (f) =>
        f.render_p50_ms! < TARGETS.render_p50_ms_max &&
        f.transfer_kb! < TARGETS.transfer_kb_max &&
        f.lighthouse_performance! >= TARGETS.lighthouse_min &&
        f.lighthouse_accessibility! >= TARGETS.lighthouse_min,
    )
    console.log(
      JSON.stringify({ bench: 'pages', figures, targets: TARGETS, target_met: targetMet }),
    )
  } finally {
    await server.stop()
    await database.dispose()
    await rm(dataDir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
