// Loads the bundled main process (argv[2]) against the electron stand-in and drives it like
// Electron would: IPC calls, the app: protocol, navigation, crashes, quit. Prints what happened.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { WebContents } from './electron-stub.mjs'

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const state = globalThis.__electronStub
const userData = process.env.STUB_USER_DATA

await import(pathToFileURL(process.argv[2]).href)
for (let i = 0; i < 400 && !state.windows[0]?.url && state.exitCode === null; i += 1)
  await sleep(25)

const report = { exitCode: state.exitCode, errorBoxes: state.errorBoxes, menu: state.menu }
const window = state.windows[0]
if (window) {
  const page = { senderFrame: { url: 'app://rewardflow/index.html' } }
  const call = (channel, event, input) => state.handlers[channel](event, input)
  report.url = window.url
  report.webPreferences = window.options.webPreferences
  report.kiosk = window.options.kiosk
  report.fullscreen = window.options.fullscreen
  report.channels = Object.keys(state.handlers).sort()
  report.privileged = state.privileged
  report.status = await call('rewardflow:status', page, {})
  report.forbidden = await call(
    'rewardflow:status',
    { senderFrame: { url: 'https://evil.test/' } },
    {},
  )
  report.invalid = await call('rewardflow:unlock', page, { pin: 'x' })
  report.updated = await call('rewardflow:updateSettings', page, { language: 'fr' })
  report.sent = window.webContents.sent.map(([channel, payload]) => [
    channel,
    payload?.settings?.language,
  ])

  const index = await state.protocolHandlers.app({
    url: 'app://rewardflow/index.html',
    method: 'GET',
  })
  report.index = {
    status: index.status,
    csp: index.headers.get('content-security-policy'),
    body: await index.text(),
  }
  const escape = await state.protocolHandlers.app({
    url: 'app://rewardflow/%2e%2e/secret.txt',
    method: 'GET',
  })
  report.escapeStatus = escape.status

  const contents = new WebContents()
  for (const listener of state.appEvents['web-contents-created'] ?? []) listener({}, contents)
  const navigate = (url) => {
    let prevented = false
    for (const listener of contents.events['will-navigate'] ?? []) {
      listener({ url, preventDefault: () => (prevented = true) })
    }
    return prevented
  }
  report.navigationPrevented = {
    evil: navigate('https://evil.test/'),
    own: navigate('app://rewardflow/card'),
  }
  report.windowOpen = contents.windowOpenHandler?.({ url: 'https://evil.test/' })
  let webviewPrevented = false
  for (const listener of contents.events['will-attach-webview'] ?? []) {
    listener({ preventDefault: () => (webviewPrevented = true) })
  }
  report.webviewPrevented = webviewPrevented
  state.permissionRequest(null, 'media', (granted) => (report.permissionGranted = granted))
  state.onBeforeRequest(
    { url: 'https://evil.test/x' },
    ({ cancel }) => (report.offsiteCancelled = cancel),
  )
  state.onHeadersReceived(
    { responseHeaders: {} },
    ({ responseHeaders }) => (report.headerCsp = responseHeaders['Content-Security-Policy']),
  )

  for (const listener of window.webContents.events['render-process-gone'] ?? []) {
    listener({}, { reason: 'crashed', exitCode: 139 })
  }
  process.emit('uncaughtException', new Error('smoke: thrown in main'))
  await sleep(50)
  report.reloads = state.reloads
  report.keyFile = existsSync(path.join(userData, 'kiosk.key.sealed'))
  report.database = existsSync(path.join(userData, 'kiosk.db'))

  let quitPrevented = false
  for (const listener of state.appEvents['before-quit'] ?? []) {
    listener({ preventDefault: () => (quitPrevented = true) })
  }
  for (let i = 0; i < 200 && !state.quit; i += 1) await sleep(25)
  report.quit = { prevented: quitPrevented, quit: state.quit }
}
const log = path.join(userData, 'logs', 'crash.log')
report.crashLog = existsSync(log)
  ? readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).kind)
  : []
process.stdout.write(`${JSON.stringify(report)}\n`)
process.exit(0)
