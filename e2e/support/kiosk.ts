import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createKioskCore, type KioskCore } from '../../electron/core/kiosk-core.ts'
import { ensureRenderer } from '../../electron/webhost/renderer-build.ts'
import { startKioskWebHost, type KioskWebHost } from '../../electron/webhost/web-host.ts'
import { pairingCodeFor } from '../../electron/core/test/backend-process.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')

/** A kiosk as the counter PC runs it: the kiosk core on its own encrypted store, the web host. */
export type TestKiosk = { core: KioskCore; host: KioskWebHost; url: string; dataDir: string }

export const startTestKiosk = async (): Promise<TestKiosk> => {
  await ensureRenderer(ROOT)
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rf-e2e-kiosk-'))
  chmodSync(dataDir, 0o700)
  // Syncs every second, so a journey sees the server's answers (and a revocation) quickly.
  const core = await createKioskCore({ dataDir, appVersion: '0.1.0-e2e', syncIntervalMs: 1_000 })
  const host = await startKioskWebHost({ core, staticDir: path.join(ROOT, 'dist', 'renderer') })
  return { core, host, url: host.url, dataDir }
}

export const stopTestKiosk = async (kiosk: TestKiosk) => {
  await kiosk.host.close()
  await kiosk.core.close()
  rmSync(kiosk.dataDir, { recursive: true, force: true })
}

/** A one-time pairing code for a store, as `npm run kiosk:pair` prints it. */
export const pairingCode = (storeCode: string) =>
  pairingCodeFor(
    { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR!, LOG_LEVEL: 'warn' },
    storeCode,
  )
