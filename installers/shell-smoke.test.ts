import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BRIDGE_METHODS, bridgeChannel, type BridgeMethod } from '../shared/kiosk-bridge.ts'
import { KIOSK_CSP } from '../electron/core/renderer-files.ts'
import { buildShell } from './build-shell.ts'

// The bundled main process (dist/electron/main.js as build-shell writes it), run under Node with
// a stand-in for the electron module (smoke/electron-stub.mjs) and driven by smoke/drive-main.mjs:
// the real kiosk core, the real native modules, the real IPC handlers and app: protocol.

const ROOT = path.resolve(import.meta.dirname, '..')
const SMOKE = path.join(ROOT, 'installers', 'smoke')

type Report = Record<string, unknown> & {
  exitCode: number | null
  errorBoxes: string[]
  crashLog: string[]
}

describe('the bundled main process', () => {
  let dir: string
  const run = async (env: Record<string, string>): Promise<Report> => {
    const userData = await mkdtemp(path.join(dir, 'user-data-'))
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        path.join(SMOKE, 'register.mjs'),
        path.join(SMOKE, 'drive-main.mjs'),
        path.join(dir, 'electron', 'main.js'),
      ],
      { env: { ...process.env, STUB_USER_DATA: userData, ...env }, timeout: 60_000 },
    )
    return JSON.parse(stdout) as Report
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'rewardflow-smoke-'))
    await buildShell({ outDir: path.join(dir, 'electron') })
    await mkdir(path.join(dir, 'renderer'))
    await writeFile(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>k</title>')
    // Where the packaged app has its node_modules: beside the bundle.
    await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  }, 60_000)
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('starts the kiosk, answers the bridge over IPC and keeps the window locked down', async () => {
    const report = await run({})
    expect(report.exitCode).toBeNull()
    expect(report.menu).toBeNull()
    expect(report.url).toBe('app://rewardflow/index.html')
    expect(report.kiosk).toBe(true)
    expect(report.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    })
    expect(report.channels).toEqual(
      (Object.keys(BRIDGE_METHODS) as BridgeMethod[]).map((m) => bridgeChannel(m)).sort(),
    )
    expect(report.status).toMatchObject({ ok: true, value: { paired: false, staff: null } })
    expect(report.forbidden).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(report.invalid).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } })
    expect(report.updated).toMatchObject({ ok: true, value: { language: 'fr' } })
    expect(report.sent).toEqual([[bridgeChannel('status'), 'fr']])
    expect(report.index).toMatchObject({ status: 200, csp: KIOSK_CSP })
    expect(report.escapeStatus).toBe(404)
    expect(report.navigationPrevented).toEqual({ evil: true, own: false })
    expect(report.windowOpen).toEqual({ action: 'deny' })
    expect(report.webviewPrevented).toBe(true)
    expect(report.permissionGranted).toBe(false)
    expect(report.offsiteCancelled).toBe(true)
    expect(report.headerCsp).toEqual([KIOSK_CSP])
    expect(report.keyFile).toBe(true)
    expect(report.database).toBe(true)
    expect(report.reloads).toBe(1)
    expect(report.quit).toEqual({ prevented: true, quit: true })
    expect(report.crashLog).toEqual(
      expect.arrayContaining(['render-process-gone', 'uncaughtException']),
    )
  })

  it('refuses to start on a keystore without a keyring, unless allowed', async () => {
    const refused = await run({ STUB_KEYSTORE_BACKEND: 'basic_text' })
    expect(refused.exitCode).toBe(1)
    expect(refused.errorBoxes.join()).toContain('REWARDFLOW_ALLOW_PLAINTEXT_KEY=1')
    expect(refused.crashLog).toEqual(['keystore-refused'])

    const allowed = await run({
      STUB_KEYSTORE_BACKEND: 'basic_text',
      REWARDFLOW_ALLOW_PLAINTEXT_KEY: '1',
    })
    expect(allowed.exitCode).toBeNull()
    expect(allowed.url).toBe('app://rewardflow/index.html')
    expect(allowed.crashLog).toContain('keystore-weak')
  })
})
