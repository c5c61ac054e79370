import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { load } from 'js-yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../db/embedded.ts'
import { enqueueJob } from '../jobs/enqueue.ts'
import { buildMerchant } from '../test/factories.ts'
import { useTestDatabase } from '../test/test-database.ts'

// A worker-only process (PROCESS_ROLES=worker) as production runs it: no web port, its own
// /healthz and /metrics on WORKER_HTTP_PORT with job failures, the queue, silent kiosks and
// failing emails; and deploy/prometheus/alerts.yml alerts only on metrics it really exports.

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const db = useTestDatabase()
let workerPort = 0
let webPort = 0
let stopWorker: () => Promise<number | null>
let output = ''

beforeAll(async () => {
  workerPort = await freePort()
  webPort = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'backend/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      NODE_ENV: 'production',
      DATABASE_URL: db.url,
      SESSION_SECRET: randomBytes(32).toString('base64'),
      EMAIL_SETTINGS_KEY: randomBytes(32).toString('base64'),
      PROCESS_ROLES: 'worker',
      WORKER_HTTP_PORT: String(workerPort),
      PORT: String(webPort),
      HOST: '127.0.0.1',
      SMTP_HOST: 'smtp.invalid',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  stopWorker = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode)
      child.once('exit', (code) => resolve(code))
      child.kill('SIGTERM')
    })
  const deadline = Date.now() + 60_000
  while (!output.includes('RewardFlow is running')) {
    if (child.exitCode !== null) throw new Error(`the worker exited:\n${output}`)
    if (Date.now() > deadline) throw new Error(`the worker did not start:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}, 90_000)

afterAll(async () => {
  expect(await stopWorker(), output).toBe(0)
})

const scrape = async () => {
  const response = await fetch(`http://127.0.0.1:${workerPort}/metrics`)
  expect(response.status).toBe(200)
  return response.text()
}

const until = async (check: () => Promise<boolean>, what: string) => {
  const deadline = Date.now() + 30_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** The metric names a rule expression reads (not functions, labels, keywords or durations). */
const metricNames = (expr: string): string[] => {
  // Without label matchers, ranges ([15m]) and numbers or durations (1.5, offset 1w).
  const withoutStrings = expr
    .replace(/"[^"]*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b\d[\w.]*/g, '')
  const words = withoutStrings.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? []
  const promql = new Set([
    'sum',
    'max',
    'min',
    'avg',
    'count',
    'by',
    'without',
    'on',
    'ignoring',
    'group_left',
    'group_right',
    'and',
    'or',
    'unless',
    'offset',
    'rate',
    'increase',
    'irate',
    'absent',
    'vector',
    'clamp_min',
    'clamp_max',
    'time',
    'hour',
    'bool',
  ])
  const afterBy = new Set<string>()
  for (const match of withoutStrings.matchAll(/\b(?:by|without|on|ignoring)\s*\(([^)]*)\)/g))
    for (const label of match[1]!.split(',')) afterBy.add(label.trim())
  return words.filter((w) => !promql.has(w) && !afterBy.has(w))
}

describe('the worker process', () => {
  it('serves /healthz and /metrics on WORKER_HTTP_PORT and no web port', async () => {
    const health = await fetch(`http://127.0.0.1:${workerPort}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok' })
    expect(await (await fetch(`http://127.0.0.1:${workerPort}/readyz`)).json()).toMatchObject({
      status: 'ready',
    })
    await expect(fetch(`http://127.0.0.1:${webPort}/healthz`)).rejects.toThrow()
    // Nothing but the operations endpoints on that port.
    expect((await fetch(`http://127.0.0.1:${workerPort}/merchant/login`)).status).toBe(404)
  })

  it("the image's HEALTHCHECK script checks a worker on WORKER_HTTP_PORT", async () => {
    const check = (env: Record<string, string>) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'backend/cli/healthcheck.ts'], {
          cwd: ROOT,
          env: { PATH: process.env.PATH, ...env },
          stdio: 'ignore',
        })
        child.once('exit', resolve)
      })
    const worker = { PROCESS_ROLES: 'worker', PORT: String(webPort) }
    expect(await check({ ...worker, WORKER_HTTP_PORT: String(workerPort) })).toBe(0)
    expect(await check({ ...worker, WORKER_HTTP_PORT: String(webPort) })).toBe(1)
    expect(await check(worker)).toBe(1)
  })

  it('reports job failures, dead jobs, queue depth, silent kiosks and failing emails', async () => {
    // A job that cannot succeed (no such email: not a uuid), with one attempt: it dies.
    await enqueueJob(db.knex, 'email:send', { outboundEmailId: 'not-an-id' }, { maxAttempts: 1 })
    await until(
      async () => /rewardflow_job_failures_total\{task="email:send"\} 1/.test(await scrape()),
      'the failure to be counted',
    )
    // Far in the future: waits in the queue.
    await enqueueJob(db.knex, 'points:expire', {}, { runAt: new Date(Date.now() + 86_400_000) })
    const merchant = await buildMerchant(db.knex)
    await db.knex('kiosks').insert([
      {
        merchant_id: merchant.merchantId,
        store_id: merchant.storeIds[0],
        name: 'Till 1 (unplugged an hour ago)',
        status: 'active',
        last_seen_at: new Date(Date.now() - 3_600_000),
      },
      {
        merchant_id: merchant.merchantId,
        store_id: merchant.storeIds[0],
        name: 'Till 2 (synced just now)',
        status: 'active',
        last_seen_at: new Date(),
      },
    ])
    const metrics = await scrape()
    expect(metrics).toMatch(/rewardflow_jobs\{task="email:send",state="dead"\} 1/)
    expect(metrics).toMatch(/rewardflow_jobs\{task="points:expire",state="waiting"\} 1/)
    expect(metrics).toMatch(/^rewardflow_kiosks_active 2$/m)
    expect(metrics).toMatch(/^rewardflow_kiosks_silent 1$/m)
    expect(metrics).toMatch(/^rewardflow_outbound_emails_last_hour\{status="failed"\} 0$/m)
    expect(metrics).toContain('process_resident_memory_bytes')
  })

  it('deploy/prometheus/alerts.yml: valid rules, each on metrics the processes export, and a watchdog', async () => {
    const exported = new Set(
      [...(await scrape()).matchAll(/^# TYPE (\S+) (\w+)$/gm)].flatMap(([, name, type]) =>
        type === 'histogram' ? [name!, `${name}_bucket`, `${name}_count`, `${name}_sum`] : [name!],
      ),
    )
    // The web process's own metric (request latency) is declared in the same registry.
    expect(exported).toContain('rewardflow_http_request_duration_seconds_count')
    const file = load(readFileSync(path.join(ROOT, 'deploy', 'prometheus', 'alerts.yml'), 'utf8'))
    const { groups } = file as {
      groups: { name: string; rules: { alert?: string; expr: string; for?: string }[] }[]
    }
    const rules = groups.flatMap((group) => group.rules)
    expect(rules.length).toBeGreaterThan(5)
    const names = rules.map((rule) => rule.alert)
    expect(new Set(names).size).toBe(names.length)
    for (const rule of rules) {
      expect(rule.alert, JSON.stringify(rule)).toMatch(/^[A-Z][A-Za-z]+$/)
      expect(typeof rule.expr).toBe('string')
      if (rule.for !== undefined) expect(rule.for).toMatch(/^\d+[smhdw]$/)
      // `up` is Prometheus's own record of each scrape.
      for (const metric of metricNames(rule.expr).filter((name) => name !== 'up'))
        expect(exported, `${rule.alert}: ${metric}`).toContain(metric)
    }
    // What the issue asks to be alerted on.
    const exprOf = (alert: string) => rules.find((rule) => rule.alert === alert)?.expr ?? ''
    expect(exprOf('Watchdog')).toBe('vector(1)')
    expect(exprOf('NoWorkerRunning')).toMatch(/absent\(up\{job="rewardflow-worker"\}/)
    expect(exprOf('WorkerDown')).toContain('up{job="rewardflow-worker"} == 0')
    expect(exprOf('JobsRetrying')).toContain('state="retrying"')
    expect(exprOf('JobsDead')).toContain('state="dead"')
    expect(exprOf('EmailsFailing')).toContain('rewardflow_outbound_emails_last_hour')
    expect(exprOf('KiosksSilent')).toContain('rewardflow_kiosks_silent')
  })
})
