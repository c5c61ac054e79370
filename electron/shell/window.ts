import { readFile } from 'node:fs/promises'
import { BrowserWindow, type Session, type WebContents } from 'electron'
import { KIOSK_CSP } from '../core/renderer-files.ts'
import { resolveAppFile } from './app-files.ts'
import { withKioskCsp } from './csp.ts'
import { APP_ORIGIN, isTrustedUrl } from './is-trusted-url.ts'

// The kiosk window and what it may do: its own pages over the app: protocol, nothing else. The
// decisions live in electron-free modules (is-trusted-url, csp, app-files and
// core/renderer-files, shared with the web host) with their tests.

export const APP_SCHEME = 'app'

type Log = (kind: string, detail: unknown, extra?: Record<string, unknown>) => void

/** Serves the renderer bundle at app://rewardflow/ with the kiosk's CSP on every answer. */
export const serveRenderer = (session: Session, rendererDir: string) => {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(request.url, APP_ORIGIN, rendererDir)
    if (!file || request.method !== 'GET') return new Response('Not found', { status: 404 })
    try {
      const body = await readFile(file.path)
      return new Response(body, {
        headers: {
          'Content-Type': file.contentType,
          'Content-Security-Policy': KIOSK_CSP,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-cache',
        },
      })
    } catch {
      return new Response('Not found', { status: 404 })
    }
  })
}

/** No permission (camera, notifications, HID, serial …) and no request off the app's origin. */
export const hardenSession = (session: Session, log: Log) => {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log('permission-denied', permission)
    callback(false)
  })
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
  session.on('will-download', (event) => event.preventDefault())
  session.webRequest.onBeforeRequest((details, callback) => {
    // data: and blob: images (card QR codes) are the page's own; CSP limits them to img-src.
    const allowed =
      isTrustedUrl(details.url, APP_ORIGIN) || /^(?:devtools|data|blob):/.test(details.url)
    if (!allowed) log('request-blocked', details.url)
    callback({ cancel: !allowed })
  })
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withKioskCsp(details.responseHeaders) })
  })
}

/** For every web contents of the app: no new windows, no navigation away, no webviews. */
export const hardenWebContents = (contents: WebContents, log: Log) => {
  contents.setWindowOpenHandler(({ url }) => {
    log('window-open-denied', url)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event) => {
    if (!isTrustedUrl(event.url, APP_ORIGIN)) {
      log('navigation-denied', event.url)
      event.preventDefault()
    }
  })
  contents.on('will-redirect', (event) => {
    if (!isTrustedUrl(event.url, APP_ORIGIN)) {
      log('redirect-denied', event.url)
      event.preventDefault()
    }
  })
  contents.on('will-attach-webview', (event) => {
    log('webview-denied', 'will-attach-webview')
    event.preventDefault()
  })
}

/** The full-screen kiosk window; shown once its first paint is ready. */
export const createKioskWindow = (options: { preload: string; devTools: boolean; log: Log }) => {
  const window = new BrowserWindow({
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    show: false,
    backgroundColor: '#ffffff',
    title: 'RewardFlow',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: options.devTools,
    },
  })
  window.removeMenu()
  window.once('ready-to-show', () => window.show())
  // A crashed or killed renderer must not leave a dead screen at the counter: reload it, but
  // not in a tight loop when the page crashes as it loads.
  let lastReload = 0
  window.webContents.on('render-process-gone', (_event, details) => {
    options.log('render-process-gone', details.reason, { exitCode: details.exitCode })
    if (window.isDestroyed() || details.reason === 'clean-exit') return
    const wait = Date.now() - lastReload < 10_000 ? 5_000 : 0
    setTimeout(() => {
      if (window.isDestroyed()) return
      lastReload = Date.now()
      window.webContents.reload()
    }, wait)
  })
  window.webContents.on('unresponsive', () => options.log('renderer-unresponsive', 'unresponsive'))
  window.webContents.on('did-fail-load', (_event, code, description, url) =>
    options.log('load-failed', description, { code, url }),
  )
  return window
}
