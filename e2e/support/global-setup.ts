import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freePort } from '../../electron/core/test/backend-process.ts'

// Starts RewardFlow as `npm start` does (web + worker, embedded PostgreSQL in a scratch data
// folder, demo data) on a free port, for the whole e2e run; stops it and deletes the folder after.

const ROOT = path.resolve(import.meta.dirname, '../..')

export default async function globalSetup() {
  const work = mkdtempSync(path.join(os.tmpdir(), 'rf-e2e-'))
  // PostgreSQL runs as its own user when we are root: it must reach the data folder.
  chmodSync(work, 0o755)
  const port = await freePort()
  const { DATABASE_URL: _external, ...env } = process.env
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'backend/main.ts'], {
    cwd: ROOT,
    env: {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      BASE_URL: `http://localhost:${port}`,
      DATA_DIR: path.join(work, 'data'),
      LOG_LEVEL: 'warn',
      // The kiosk journeys start their own kiosk web hosts.
      KIOSK_WEB_PORT: '0',
      // The webhooks journey's receiver listens on 127.0.0.1.
      WEBHOOKS_ALLOW_PRIVATE: 'true',
      // Every journey signs in from 127.0.0.1: more than the default 30 sign-ins in 15 minutes.
      RATE_LIMIT_LOGINS_PER_IP: '1000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const baseUrl = `http://localhost:${port}`
  const deadline = Date.now() + 120_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`RewardFlow exited with ${child.exitCode}`)
    if (
      await fetch(`${baseUrl}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break
    if (Date.now() > deadline) throw new Error('RewardFlow did not start')
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  process.env.E2E_BASE_URL = baseUrl
  process.env.E2E_DATA_DIR = path.join(work, 'data')
  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    rmSync(work, { recursive: true, force: true })
  }
}
