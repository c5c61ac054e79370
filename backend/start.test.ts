import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort } from './db/embedded.ts'

// `npm start` as a newcomer runs it: embedded PostgreSQL in DATA_DIR, demo data, web + worker,
// printed URLs and demo key, /healthz, and a clean stop on SIGTERM — twice on the same folder.

const ROOT = path.resolve(import.meta.dirname, '..')
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rewardflow-start-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

// vitest sets BASE_URL=/ (Vite's base path) in its own environment; the child must not inherit it.
const { BASE_URL: _viteBase, ...inherited } = process.env

const start = async (port: number, kioskPort: number) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'backend/main.ts'], {
    cwd: ROOT,
    env: {
      ...inherited,
      DATA_DIR: dataDir,
      PORT: String(port),
      KIOSK_WEB_PORT: String(kioskPort),
      LOG_LEVEL: 'info',
      DATABASE_URL: '',
      SMTP_HOST: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const deadline = Date.now() + 60_000
  while (!output.includes('Stop with Ctrl+C')) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`)
    if (Date.now() > deadline) throw new Error(`npm start did not get ready:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return { child, output: () => output }
}

/** The demo kiosk pairs itself in its own process after the banner: wait for its line. */
const demoKioskReady = async (output: () => string) => {
  const deadline = Date.now() + 60_000
  while (!output().includes('Demo kiosk for FashionHub')) {
    if (Date.now() > deadline) throw new Error(`the demo kiosk did not start:\n${output()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code))
    child.kill('SIGTERM')
  })

const postgresRunningOn = (dir: string) => {
  const pidFile = path.join(dir, 'pg', 'postmaster.pid')
  if (!existsSync(pidFile)) return false
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 0)
    return true
  } catch {
    return false
  }
}

describe('npm start', () => {
  it('starts the product on its embedded defaults, serves, and stops cleanly; again on the same data', async () => {
    const port = await freePort()
    const kioskPort = await freePort()
    const first = await start(port, kioskPort)
    expect(first.output()).toContain(`http://localhost:${port}/healthz`)
    // No SMTP_HOST: RewardFlow's own SMTP server keeps the emails, read at /admin/mailbox.
    expect(first.output()).toContain(`http://localhost:${port}/admin/mailbox`)
    expect(first.output()).toContain('email templates seeded')
    expect(first.output()).toMatch(/Demo API key[\s\S]*rfk_/)
    expect(first.output()).toContain('creating the embedded PostgreSQL cluster')
    const health = await fetch(`http://127.0.0.1:${port}/healthz`)
    expect(health.status).toBe(200)
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`)
    expect(await ready.json()).toMatchObject({ status: 'ready' })
    const version = (await (await fetch(`http://127.0.0.1:${port}/version`)).json()) as {
      version: string
    }
    expect(version.version).toMatch(/^\d+\.\d+\.\d+/)
    const token = readFileSync(path.join(dataDir, 'demo-api-key.txt'), 'utf8').trim()
    // The demo kiosk, paired to FASHIONHUB, serves the cashier UI with its PIN printed.
    expect(first.output()).toContain(`Demo kiosk:  http://127.0.0.1:${kioskPort}/`)
    expect(first.output()).toContain('staff PIN 482913')
    await demoKioskReady(first.output)
    const kiosk = await fetch(`http://127.0.0.1:${kioskPort}/`)
    expect(await kiosk.text()).toContain('RewardFlow kiosk')
    expect(await stop(first.child), first.output()).toBe(0)
    await expect(fetch(`http://127.0.0.1:${kioskPort}/`)).rejects.toThrow()
    expect(postgresRunningOn(dataDir)).toBe(false)

    const second = await start(port, kioskPort)
    expect(second.output()).not.toContain('creating the embedded PostgreSQL cluster')
    expect(second.output()).not.toContain('demo data seeded')
    const cards = await fetch(
      `http://127.0.0.1:${port}/api/v1/cards?email=marie.schmit@example.lu`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    )
    expect(cards.status).toBe(200)
    expect(((await cards.json()) as { data: unknown[] }).data).toHaveLength(1)
    // Paired once: the second start reuses the kiosk (no second pairing code, same store).
    await demoKioskReady(second.output)
    expect(await stop(second.child), second.output()).toBe(0)
    expect(postgresRunningOn(dataDir)).toBe(false)
  }, 120_000)
})
