import type { ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser } from '@playwright/test'
import {
  freePort,
  startBackendProcess,
  stopProcess,
} from '../../electron/core/test/backend-process.ts'

/**
 * RewardFlow (web + worker) on a database of its own that starts empty: the demo data off, its
 * own embedded PostgreSQL in a scratch folder, emails kept in the local mailbox. For the journey
 * that brings a first merchant live from nothing (e2e/go-live.spec.ts). `env` is what a CLI
 * (npm run admin:create) needs to reach the same database.
 */
export const startEmptyBackend = async () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'rf-e2e-empty-'))
  // PostgreSQL runs as its own user when we are root: it must reach the data folder.
  chmodSync(work, 0o755)
  const port = await freePort()
  const url = `http://localhost:${port}`
  const { DATABASE_URL: _external, ...inherited } = process.env
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: url,
    DATA_DIR: path.join(work, 'data'),
    SEED_DEMO_DATA: 'false',
    KIOSK_WEB_PORT: '0',
    LOG_LEVEL: 'warn',
  }
  const child: ChildProcess = await startBackendProcess({
    port,
    env,
    stdio: 'inherit',
    timeoutMs: 120_000,
  })
  return {
    url,
    port,
    env,
    stop: async () => {
      await stopProcess(child)
      rmSync(work, { recursive: true, force: true })
    },
  }
}

const SYSTEM_CHROMIUM = '/usr/bin/chromium'

/**
 * A Chromium of its own in which each of `hosts` resolves to 127.0.0.1 (the stores'
 * subdomains and custom domains, as DNS would point them at the platform).
 */
export const browserResolving = (hosts: string[]): Promise<Browser> =>
  chromium.launch({
    ...(existsSync(SYSTEM_CHROMIUM) ? { executablePath: SYSTEM_CHROMIUM } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=${hosts.map((host) => `MAP ${host} 127.0.0.1`).join(',')}`,
    ],
  })
