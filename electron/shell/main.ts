import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  app,
  dialog,
  Menu,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  type BrowserWindow,
} from 'electron'
import { DEFAULT_DEVICE_SETTINGS } from '../../shared/kiosk-bridge.ts'
import { createKioskCore } from '../core/kiosk-core.ts'
import { windowsAutostart } from './autostart.ts'
import { createCrashLog } from './crash-log.ts'
import { createIdleLock } from './idle-lock.ts'
import { registerBridgeIpc } from './ipc.ts'
import { APP_ORIGIN } from './is-trusted-url.ts'
import { decideKeystore } from './keystore-policy.ts'
import { safeStorageKeyProvider } from './safe-storage-key.ts'
import { runSettingsScanner } from '../core/scanner/scanner-runner.ts'
import {
  APP_SCHEME,
  createKioskWindow,
  hardenSession,
  hardenWebContents,
  serveRenderer,
} from './window.ts'

// The kiosk's Electron main process: one instance, one full-screen window, the kiosk core behind
// IPC, scanners and the idle lock. Bundled to dist/electron/main.js by installers/build-shell.ts;
// the renderer bundle is dist/renderer/, beside it.

const here = path.dirname(fileURLToPath(import.meta.url))
const RENDERER_DIR = path.join(here, '..', 'renderer')
const PRELOAD = path.join(here, 'preload.cjs')

const crashLog = createCrashLog(path.join(app.getPath('userData'), 'logs'))
const log = crashLog.write

// Handlers of our own replace Electron's default error dialog, which would sit on the counter's
// screen until someone clicks it: the error is written down and the kiosk carries on.
process.on('uncaughtException', (error) => log('uncaughtException', error))
process.on('unhandledRejection', (reason) => log('unhandledRejection', reason))

protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
  },
])

let window: BrowserWindow | null = null
let shutdown: (() => Promise<void>) | null = null

const setUpAutostart = () => {
  if (process.platform !== 'win32') return // Linux: the installer's .desktop file in autostart
  const plan = windowsAutostart({
    isPackaged: app.isPackaged,
    execPath: process.execPath,
    programFiles: [process.env.ProgramFiles, process.env['ProgramFiles(x86)']],
    env: process.env,
  })
  if (plan === 'login-item') app.setLoginItemSettings({ openAtLogin: true })
  // Installed per machine: the all-users Run key starts the kiosk; a user entry would double it.
  if (plan === 'installer') app.setLoginItemSettings({ openAtLogin: false })
}

const openKeystore = () => {
  const decision = decideKeystore({
    platform: process.platform,
    encryptionAvailable: safeStorage.isEncryptionAvailable(),
    linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
    env: process.env,
  })
  if (!decision.use) return decision
  if (decision.weak) {
    log('keystore-weak', 'REWARDFLOW_ALLOW_PLAINTEXT_KEY=1: the database key is not protected')
  }
  const keyPath = path.join(app.getPath('userData'), 'kiosk.key.sealed')
  return { use: true as const, keys: safeStorageKeyProvider(keyPath, safeStorage) }
}

const start = async () => {
  const keystore = openKeystore()
  if (!keystore.use) {
    // Nothing can be sold without the store: say why once, where the installer will see it.
    log('keystore-refused', keystore.message, { code: keystore.code })
    dialog.showErrorBox('RewardFlow kiosk cannot start', keystore.message)
    app.exit(1)
    return
  }
  const kiosk = await createKioskCore({
    dataDir: app.getPath('userData'),
    keys: keystore.keys,
    appVersion: app.getVersion(),
  })

  hardenSession(session.defaultSession, log)
  serveRenderer(session.defaultSession, RENDERER_DIR)
  const removeIpc = registerBridgeIpc(kiosk, () => window)

  let lastScanAt = Date.now()
  // The scanner follows the settings as in the web host; a read also counts as activity for the
  // idle lock. Not awaited: the window need not wait for the first attempt to open a scanner.
  const scanners = runSettingsScanner(
    {
      status: kiosk.status,
      on: kiosk.on,
      scanned: (event) => {
        lastScanAt = Date.now()
        kiosk.scanned(event)
      },
    },
    {
      onStatus: (source, scanner) => {
        if (scanner.state !== 'connected') log('scanner', scanner.message, { source })
      },
      onError: (error) => log('scanner-start', error),
    },
  )
  scanners.catch((error: unknown) => log('scanner-start', error))

  const status = await kiosk.status({})
  // The device's minutes capped by the merchant's (status.idleLock), as the renderer uses.
  let idleLockMinutes = status.ok
    ? status.value.idleLock.minutes
    : DEFAULT_DEVICE_SETTINGS.idleLockMinutes
  const offStatus = kiosk.on('status', (next) => {
    idleLockMinutes = next.idleLock.minutes
  })

  // A scan by a HID or serial scanner is no keyboard input to the OS, but it is activity.
  const idleLock = createIdleLock({
    idleSeconds: () => Math.min(powerMonitor.getSystemIdleTime(), (Date.now() - lastScanAt) / 1000),
    idleLockMinutes: () => idleLockMinutes,
    lock: async () => {
      const current = await kiosk.status({})
      if (current.ok && current.value.staff) await kiosk.lock({ reason: 'idle' })
    },
    onError: (error) => log('idle-lock', error),
  })
  idleLock.start()

  window = createKioskWindow({ preload: PRELOAD, devTools: !app.isPackaged, log })
  window.on('closed', () => {
    window = null
  })
  await window.loadURL(`${APP_ORIGIN}/index.html`)

  setUpAutostart()

  shutdown = async () => {
    idleLock.stop()
    offStatus()
    removeIpc()
    await (await scanners).stop()
    await kiosk.close()
  }
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!window) return
    if (window.isMinimized()) window.restore()
    window.focus()
  })
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log))
  app.on('child-process-gone', (_event, details) =>
    log('child-process-gone', details.reason, {
      type: details.type,
      exitCode: details.exitCode,
      name: details.name,
    }),
  )
  app.on('window-all-closed', () => app.quit())
  let quitting = false
  app.on('before-quit', (event) => {
    if (quitting || !shutdown) return
    quitting = true
    event.preventDefault()
    shutdown()
      .catch((error: unknown) => log('shutdown', error))
      .finally(() => app.quit())
  })
  Menu.setApplicationMenu(null)
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      log('startup', error)
      dialog.showErrorBox('RewardFlow kiosk cannot start', String(error))
      app.exit(1)
    })
}
