import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createKioskCore } from '../core/kiosk-core.ts'
import { ensureRenderer } from './renderer-build.ts'
import { startKioskWebHost } from './web-host.ts'
import { runSettingsScanner } from '../core/scanner/scanner-runner.ts'

// npm run kiosk:web -- [--data-dir .data/kiosk-web] [--port 3100] [--host 127.0.0.1]
//                      [--pair-code ABCD-EFGH --backend-url http://localhost:3000]
// The kiosk in a browser: builds the renderer when stale, opens the kiosk core on its encrypted
// store (key file beside it), pairs it when given a code and not paired yet, serves the UI.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const { values } = parseArgs({
  options: {
    'data-dir': {
      type: 'string',
      default: path.join(process.env.DATA_DIR ?? '.data', 'kiosk-web'),
    },
    port: { type: 'string', default: process.env.KIOSK_WEB_PORT ?? '3100' },
    host: { type: 'string', default: '127.0.0.1' },
    'pair-code': { type: 'string' },
    'backend-url': { type: 'string', default: process.env.BASE_URL ?? 'http://localhost:3000' },
    label: { type: 'string', default: 'Kiosk web host' },
  },
})

const version = (
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string
  }
).version

if (await ensureRenderer(root)) console.error('kiosk web host: renderer built into dist/renderer')
const core = await createKioskCore({
  dataDir: path.resolve(values['data-dir']),
  appVersion: version,
})

const status = await core.status({})
if (values['pair-code'] && status.ok && !status.value.paired) {
  const paired = await core.pair({ code: values['pair-code'], backendUrl: values['backend-url'] })
  if (!paired.ok) console.error(`kiosk web host: pairing failed: ${paired.error.code}`)
}

const host = await startKioskWebHost({
  core,
  staticDir: path.join(root, 'dist', 'renderer'),
  port: Number(values.port),
  host: values.host,
}).catch(async (error: unknown) => {
  const inUse = (error as { code?: string }).code === 'EADDRINUSE'
  console.error(
    inUse
      ? `${values.label}: port ${values.port} is in use; choose another with --port (npm start: KIOSK_WEB_PORT, 0 for none).`
      : `${values.label} could not start: ${(error as Error).message}`,
  )
  await core.close()
  process.exit(1)
})
// A serial or HID scanner per the kiosk's settings (the keyboard wedge is read by the page).
const scanner = await runSettingsScanner(core, {
  onStatus: (source, state) => {
    if (state.state !== 'connected') console.error(`scanner ${source}: ${state.message}`)
  },
})
const now = await core.status({})
const store = now.ok && now.value.store ? ` for ${now.value.store.name}` : ' (not paired yet)'
const open = now.ok && now.value.paired ? host.url : `${host.url}?backend=${values['backend-url']}`
console.error(`${values.label}${store}: ${open}`)

let stopping = false
const stop = () => {
  if (stopping) return
  stopping = true
  // Whatever hangs, the process ends: a kiosk left behind would hold its port.
  setTimeout(() => process.exit(0), 3_000).unref()
  void scanner
    .stop()
    .then(() => host.close())
    .then(() => core.close())
    .finally(() => process.exit(0))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
// Started by npm start: ends with it.
process.on('disconnect', stop)
