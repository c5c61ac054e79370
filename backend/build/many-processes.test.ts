import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { migrations } from '../../migrations/index.ts'
import { freePort } from '../db/embedded.ts'
import { createKnex, type Db } from '../db/knex.ts'
import { runOnServer, urlForDatabase } from '../db/server-admin.ts'
import { queueEmail } from '../email/queue-email.ts'
import { buildCustomerAccount, TEST_PASSWORD } from '../test/test-accounts.ts'
import { buildStore } from '../test/test-stores.ts'
import { startTestSmtpServer, type TestSmtpServer } from '../test/test-smtp-server.ts'
import { startPgBouncer, type RunningPgBouncer } from '../test/pgbouncer.ts'
import { emailJobKey } from '../email/queue-email.ts'
import { TestBrowser } from '../test/test-web-app.ts'
import { ensureWebAssets } from '../web/assets/build-web-assets.ts'

// Two web and two worker processes (PROCESS_ROLES), each started as production starts it
// (`node --import tsx backend/main.ts` with NODE_ENV=production: the sources, not the compiled
// build, which production-start.test.ts covers and which is too slow to make here), all on one
// empty database of the test PostgreSQL server, with a round-robin proxy written below in front
// of the web processes. As docs/deploying.md recommends, the web processes reach PostgreSQL
// through PgBouncer in transaction mode (DATABASE_URL) and migrate on a direct connection
// (DATABASE_DIRECT_URL); the workers connect directly (they LISTEN).

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const database = `rf_test_many_${randomBytes(4).toString('hex')}`
// Shared by every process, as on every host of one installation.
const SESSION_SECRET = randomBytes(32).toString('base64')
const EMAIL_SETTINGS_KEY = randomBytes(32).toString('base64')
const EMAILS = 500
/** The address whose sending worker is killed while the SMTP server holds its RCPT TO. */
const KILLED_MID_EMAIL = 'killed-mid-email@example.test'
/** Workers declare a silent one dead after this long (production: 60 s). */
const DEAD_AFTER_SECONDS = 3

/** The figures docs/deploying.md quotes ("Many processes (tested)"), in the test's output. */
const report = (line: string) => {
  // eslint-disable-next-line no-console -- a measurement for the reader, not a diagnostic
  console.log(line)
}

type Running = { name: string; child: ChildProcess; port: number; output: () => string }

let databaseUrl = ''
let db: Db
let smtp: TestSmtpServer
let bouncer: RunningPgBouncer
/** The first RCPT TO for KILLED_MID_EMAIL waits for this (resolved at the end). */
let held: { reached: boolean; release: () => void } | null = null
const processes: Running[] = []

const start = async (name: string, role: 'web' | 'worker'): Promise<Running> => {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'backend/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      NODE_ENV: 'production',
      ...(role === 'web'
        ? { DATABASE_URL: bouncer.urlFor(databaseUrl), DATABASE_DIRECT_URL: databaseUrl }
        : { DATABASE_URL: databaseUrl, WORKER_DEAD_AFTER_SECONDS: String(DEAD_AFTER_SECONDS) }),
      SESSION_SECRET,
      EMAIL_SETTINGS_KEY,
      PROCESS_ROLES: role,
      HOST: '127.0.0.1',
      ...(role === 'web'
        ? { PORT: String(port), BASE_URL: 'http://127.0.0.1', SHUTDOWN_DRAIN_SECONDS: '2' }
        : { WORKER_HTTP_PORT: String(port), WORKER_CONCURRENCY: '4' }),
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_SECURE: 'none',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const running = { name, child, port, output: () => output }
  processes.push(running)
  const deadline = Date.now() + 60_000
  while (!output.includes('RewardFlow is running')) {
    if (child.exitCode !== null) throw new Error(`${name} exited:\n${output}`)
    if (Date.now() > deadline) throw new Error(`${name} did not get ready:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return running
}

const stop = (running: Running) =>
  new Promise<number | null>((resolve) => {
    if (running.child.exitCode !== null) return resolve(running.child.exitCode)
    running.child.once('exit', (code) => resolve(code))
    running.child.kill('SIGTERM')
  })

/**
 * A load balancer of the simplest kind: each request to the next web process in turn, a new
 * connection each time. With `checkReadiness`, it asks each process's /readyz every 500 ms and
 * sends requests only to the ready ones, as a balancer's health check does.
 */
const startRoundRobinProxy = (ports: () => number[], options: { checkReadiness?: boolean } = {}) =>
  new Promise<{ url: string; served: number[]; close: () => Promise<void> }>((resolve) => {
    let next = 0
    const served: number[] = []
    const ready = new Set<number>()
    const probe = async () => {
      for (const port of ports()) {
        const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.status === 200,
          () => false,
        )
        if (ok) ready.add(port)
        else ready.delete(port)
      }
    }
    const timer = options.checkReadiness ? setInterval(() => void probe(), 500) : undefined
    const server = http.createServer((request, response) => {
      const targets = options.checkReadiness ? ports().filter((port) => ready.has(port)) : ports()
      const port = targets[next++ % targets.length]!
      served.push(port)
      const upstream = http.request(
        {
          host: '127.0.0.1',
          port,
          method: request.method,
          path: request.url,
          headers: request.headers,
          agent: false,
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(response)
        },
      )
      upstream.on('error', () => {
        response.writeHead(502)
        response.end()
      })
      request.pipe(upstream)
    })
    server.listen(
      0,
      '127.0.0.1',
      () =>
        void (options.checkReadiness ? probe() : Promise.resolve()).then(() =>
          resolve({
            url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
            served,
            close: () =>
              new Promise<void>((done) => {
                clearInterval(timer)
                server.close(() => done())
                server.closeAllConnections()
              }),
          }),
        ),
    )
  })

const until = async (check: () => Promise<boolean>, what: string, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}:\n${processes.map((p) => `${p.name}:\n${p.output().slice(-3000)}`).join('\n')}`,
      )
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

beforeAll(async () => {
  // An empty database (not the migrated template): the processes migrate it themselves.
  await runOnServer(inject('pgAdminUrl'), `CREATE DATABASE ${database}`)
  databaseUrl = urlForDatabase(inject('pgAdminUrl'), database)
  db = createKnex(databaseUrl)
  smtp = await startTestSmtpServer({
    holdRcpt: (address) => {
      if (address !== KILLED_MID_EMAIL || held) return undefined
      return new Promise<void>((release) => (held = { reached: true, release }))
    },
  })
  bouncer = await startPgBouncer(inject('pgAdminUrl'))
  // The page assets exist before the web processes start, as a deploy builds them first.
  await ensureWebAssets()
}, 120_000)

afterAll(async () => {
  const codes = await Promise.all(processes.map(stop))
  held?.release()
  await bouncer?.stop()
  await smtp?.close()
  await db?.destroy()
  await runOnServer(inject('pgAdminUrl'), `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  expect(codes, processes.map((p) => p.output()).join('\n')).toEqual(codes.map(() => 0))
}, 60_000)

const web = () => processes.filter((p) => p.name.startsWith('web') && p.child.exitCode === null)
const workers = () => processes.filter((p) => p.name.startsWith('worker'))

describe('two web and two worker processes on one PostgreSQL', () => {
  it('start at once on an empty database and migrate it once', async () => {
    const started = Date.now()
    await Promise.all([
      start('web-1', 'web'),
      start('web-2', 'web'),
      start('worker-1', 'worker'),
      start('worker-2', 'worker'),
    ])
    const seconds = (Date.now() - started) / 1000
    report(`four processes started at once on an empty database in ${seconds.toFixed(1)} s`)

    for (const p of processes) {
      const ready = await fetch(`http://127.0.0.1:${p.port}/readyz`)
      expect(ready.status, p.name).toBe(200)
    }
    const applied = await db('knex_migrations').orderBy('id').pluck('name')
    expect(applied).toEqual(migrations.map(([name]) => name))
    // The web processes came through PgBouncer, whose connections (startup options dropped)
    // still run in UTC with custom plans: the database's own defaults.
    expect(bouncer.output()).toContain(`login attempt: db=${database}`)
    const pooled = createKnex(bouncer.urlFor(databaseUrl), { bindModels: false })
    try {
      const { rows } = await pooled.raw<{ rows: { tz: string; plans: string }[] }>(
        "SELECT current_setting('TimeZone') AS tz, current_setting('plan_cache_mode') AS plans",
      )
      expect(rows).toEqual([{ tz: 'UTC', plans: 'force_custom_plan' }])
    } finally {
      await pooled.destroy()
    }
  }, 90_000)

  it('a customer signs in through one web process and carries on through the other', async () => {
    const store = await buildStore(db, { code: 'MANYSHOP' })
    // (buildStore renames the first store; the card is enrolled there.)
    const { email } = await buildCustomerAccount(db, {
      ...store,
      storeCodes: ['MANYSHOP', store.storeCodes[1]],
    })
    const proxy = await startRoundRobinProxy(() => web().map((p) => p.port))
    try {
      const browser = new TestBrowser(`${proxy.url}/s/manyshop`)
      expect((await browser.get('/login')).status).toBe(200)
      const login = await browser.post('/login', { email, password: TEST_PASSWORD })
      expect(login.status, login.text).toBe(303)
      for (let i = 0; i < 4; i++) {
        const account = await browser.get('/account')
        expect(account.status).toBe(200)
        expect(account.text).toContain('Hello, Test Customer')
        expect(account.text).toContain('/s/manyshop/logout')
      }
      // Login page, login, then the account page from each process twice.
      const [first, second] = web().map((p) => p.port)
      expect(proxy.served).toEqual([first, second, first, second, first, second])
    } finally {
      await proxy.close()
    }
  }, 30_000)

  it(`${EMAILS} emails queued: each sent exactly once, by the two workers between them`, async () => {
    const store = await buildStore(db, { code: 'MAILSHOP' })
    const started = Date.now()
    const ids = await db.transaction(async (trx) => {
      const queued: string[] = []
      for (let i = 0; i < EMAILS; i++) {
        const { id } = await queueEmail(trx, {
          template: 'welcome_bonus',
          to: `member-${i}@example.test`,
          language: 'en',
          variables: {
            customer_name: `Member ${i}`,
            store_name: 'Mail Shop',
            welcome_bonus: 50,
            stamps: false,
          },
          merchantId: store.merchantId,
          storeId: store.storeId,
        })
        queued.push(id)
      }
      return queued
    })
    await until(
      async () =>
        Number(
          (
            await db('outbound_emails').whereIn('id', ids).where('status', 'sent').count({ n: '*' })
          )[0]!.n,
        ) === EMAILS,
      `${EMAILS} emails to be sent`,
    )
    const seconds = (Date.now() - started) / 1000
    report(
      `${EMAILS} email jobs run by two workers in ${seconds.toFixed(1)} s (${(EMAILS / seconds).toFixed(0)} jobs/s)`,
    )
    // Each email arrived once (the SMTP server also has the earlier customer's welcome email).
    const recipients = smtp.messages
      .map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)!.text)
      .filter((to) => /^member-\d+@example\.test$/.test(to))
    expect(recipients).toHaveLength(EMAILS)
    expect(new Set(recipients).size).toBe(EMAILS)
    const retried = await db('outbound_emails').whereIn('id', ids).where('attempts', '>', 1)
    expect(retried).toEqual([])
    // Each worker sent some, and no email is logged as sent by both.
    const queued = new Set(ids)
    const sentBy = workers().map((w) =>
      [...w.output().matchAll(/"outbound_email_id":"([0-9a-f-]+)"[^\n]*"msg":"email sent"/g)]
        .map((m) => m[1]!)
        .filter((id) => queued.has(id)),
    )
    for (const [i, sent] of sentBy.entries())
      expect(sent.length, workers()[i]!.name).toBeGreaterThan(0)
    const all = sentBy.flat()
    expect(all).toHaveLength(EMAILS)
    expect(new Set(all)).toEqual(queued)
    report(`sent by worker-1: ${sentBy[0]!.length}, by worker-2: ${sentBy[1]!.length}`)
  }, 90_000)

  it('a worker killed (SIGKILL) in the middle of an email: the other takes its job over, the email goes out once', async () => {
    const store = await buildStore(db, { code: 'KILLSHOP' })
    const { id } = await db.transaction((trx) =>
      queueEmail(trx, {
        template: 'welcome_bonus',
        to: KILLED_MID_EMAIL,
        language: 'en',
        variables: {
          customer_name: 'Kim',
          store_name: 'Kill Shop',
          welcome_bonus: 50,
          stamps: false,
        },
        merchantId: store.merchantId,
        storeId: store.storeId,
      }),
    )
    // The SMTP server keeps the sender waiting after RCPT TO: the attempt is in flight.
    await until(async () => held?.reached === true, 'a worker to be mid-email')
    const job = await db('graphile_worker._private_jobs').where('key', emailJobKey(id)).first()
    const owner = await db('job_worker_processes')
      .whereRaw('? = ANY (worker_ids)', [job.locked_by])
      .first('pid')
    const victim = workers().find((w) => w.child.pid === owner?.pid)
    expect(victim, `the process holding ${String(job.locked_by)}`).toBeDefined()
    const survivor = workers().find((w) => w !== victim)!
    expect(await db('outbound_emails').where({ id }).first('status')).toEqual({ status: 'sending' })
    const killed = Date.now()
    const exited = new Promise((resolve) => victim!.child.once('exit', resolve))
    victim!.child.kill('SIGKILL')
    await exited
    processes.splice(processes.indexOf(victim!), 1)

    await until(
      async () => (await db('outbound_emails').where({ id }).first('status')).status === 'sent',
      'the email to be sent by the surviving worker',
    )
    report(
      `a worker killed mid-email: the other worker sent it ${((Date.now() - killed) / 1000).toFixed(1)} s later (dead after ${DEAD_AFTER_SECONDS} s of silence)`,
    )
    const row = await db('outbound_emails').where({ id }).first('attempts', 'claimed_by')
    expect(row.attempts).toBe(2)
    const delivered = smtp.messages.filter((m) =>
      (Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.text === KILLED_MID_EMAIL),
    )
    expect(delivered).toHaveLength(1)
    expect(survivor.output()).toContain('a worker process stopped answering')
    expect(await db('job_worker_processes').pluck('pid')).toEqual([survivor.child.pid])
  }, 60_000)

  it('a rolling restart under load: SIGTERM one web process, start another, no request fails', async () => {
    const store = await buildStore(db, { code: 'ROLLSHOP' })
    const { email } = await buildCustomerAccount(db, {
      ...store,
      storeCodes: ['ROLLSHOP', store.storeCodes[1]],
    })
    // The balancer's targets, as the deploy tool registers them: the new process once started,
    // the old one removed only once it has exited (until then, only /readyz tells).
    const pool = web().map((p) => p.port)
    const proxy = await startRoundRobinProxy(() => pool, { checkReadiness: true })
    const member = new TestBrowser(`${proxy.url}/s/rollshop`)
    await member.get('/login')
    expect((await member.post('/login', { email, password: TEST_PASSWORD })).status).toBe(303)
    const failures: string[] = []
    let requests = 0
    let loading = true
    // Four clients at once: the storefront's join page, a member's account page, the API's
    // OpenAPI document and an API call refused without a key (an answer, not a failure).
    const client = async (path: string, expected: number, browser?: TestBrowser) => {
      while (loading) {
        const status = browser
          ? (await browser.get(path)).status
          : await fetch(`${proxy.url}${path}`).then(
              async (r) => (await r.arrayBuffer(), r.status),
              () => 0,
            )
        requests++
        if (status !== expected) failures.push(`${path}: ${status}`)
      }
    }
    const load = Promise.all([
      client('/s/rollshop/join', 200),
      client('/account', 200, member),
      client('/api/v1/openapi.json', 200),
      client('/api/v1/cards?email=x@example.test', 401),
    ])
    try {
      await new Promise((resolve) => setTimeout(resolve, 500))
      const [old] = web()
      const started = Date.now()
      const replacement = await start('web-3', 'web')
      pool.push(replacement.port)
      await until(
        async () => proxy.served.includes(replacement.port),
        'the new web process to take requests',
      )
      const stopping = stop(old!)
      expect(await stopping, old!.output()).toBe(0)
      pool.splice(pool.indexOf(old!.port), 1)
      report(
        `rolling restart of one web process under load: ${((Date.now() - started) / 1000).toFixed(1)} s`,
      )
      await new Promise((resolve) => setTimeout(resolve, 500))
    } finally {
      loading = false
      await load
      await proxy.close()
    }
    expect(failures).toEqual([])
    report(`${requests} requests during the rolling restart, none failed`)
    expect(requests).toBeGreaterThan(100)
    // The stopped process took requests before and stopped being sent any.
    expect(new Set(proxy.served).size).toBe(3)
  }, 90_000)
})
