import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { bridgeChannel } from '../../shared/kiosk-bridge.ts'
import { createKioskCore, type KioskCore } from '../core/kiosk-core.ts'
import { KIOSK_CSP } from '../core/renderer-files.ts'
import { startKioskWebHost, type KioskWebHost } from './web-host.ts'
import { runSettingsScanner } from '../core/scanner/scanner-runner.ts'
import { hasSocat, plugIn, send, unplug } from '../core/test/test-cable.ts'

// The web host with a real kiosk core (unpaired: no backend needed): the renderer's files, and
// the bridge over a WebSocket that only the host's own page may open.

let work: string
let core: KioskCore
let host: KioskWebHost

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'rf-web-host-'))
  const dist = path.join(work, 'dist')
  mkdirSync(path.join(dist, 'assets'), { recursive: true })
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>RewardFlow kiosk</title>')
  writeFileSync(path.join(dist, 'assets', 'app-1234.js'), 'console.log(1)')
  writeFileSync(path.join(dist, 'kiosk.db'), 'not a file the bundle ships')
  // A type the bundle ships, beside the folder: only the stays-inside check keeps it out.
  writeFileSync(path.join(work, 'secret.json'), '{"not":"for the browser"}')
  core = await createKioskCore({ dataDir: path.join(work, 'kiosk'), appVersion: 'test' })
  host = await startKioskWebHost({ core, staticDir: dist })
})

afterAll(async () => {
  await host?.close()
  await core?.close()
  rmSync(work, { recursive: true, force: true })
})

type Message = { id?: number; result?: unknown; channel?: string; payload?: unknown }

const connect = (origin: string) =>
  new Promise<{ socket: WebSocket; messages: Message[]; next: () => Promise<Message> }>(
    (resolve, reject) => {
      const socket = new WebSocket(`${host.url.replace('http', 'ws')}bridge`, { origin })
      const messages: Message[] = []
      const waiting: ((m: Message) => void)[] = []
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as Message
        const waiter = waiting.shift()
        if (waiter) waiter(message)
        else messages.push(message)
      })
      const next = () =>
        new Promise<Message>((done) => {
          const queued = messages.shift()
          if (queued) done(queued)
          else waiting.push(done)
        })
      socket.once('open', () => resolve({ socket, messages, next }))
      socket.once('error', reject)
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    },
  )

describe('the kiosk web host', () => {
  it('serves the renderer with a strict CSP, immutable assets, and nothing outside it', async () => {
    const page = await fetch(host.url)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toBe(KIOSK_CSP)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('cache-control')).toBe('no-cache')
    // A page of the UI is index.html, as in the Electron window.
    const uiPage = await fetch(`${host.url}card/123`)
    expect(uiPage.status).toBe(200)
    expect(await uiPage.text()).toContain('RewardFlow kiosk')
    const asset = await fetch(`${host.url}assets/app-1234.js`)
    expect(asset.headers.get('cache-control')).toContain('immutable')
    expect(asset.headers.get('content-type')).toContain('text/javascript')
    expect((await fetch(`${host.url}..%2fsecret.json`)).status).toBe(404)
    expect((await fetch(`${host.url}assets/..%2f..%2fsecret.json`)).status).toBe(404)
    expect((await fetch(`${host.url}%2e%2e/secret.json`)).status).toBe(404)
    expect((await fetch(`${host.url}kiosk.db`)).status).toBe(404)
    expect((await fetch(`${host.url}assets/missing.js`)).status).toBe(404)
    // A malformed escape is a bad request, not a crash of the host.
    expect((await fetch(`${host.url}%E0%A4%A`)).status).toBe(400)
    expect((await fetch(host.url)).status).toBe(200)
  })

  it('answers bridge calls over the WebSocket and pushes the core’s events', async () => {
    const { socket, next } = await connect(host.url.replace(/\/$/, ''))
    socket.send(JSON.stringify({ id: 1, channel: bridgeChannel('status'), input: {} }))
    expect(await next()).toMatchObject({ id: 1, result: { ok: true, value: { paired: false } } })

    socket.send(
      JSON.stringify({
        id: 2,
        channel: bridgeChannel('updateSettings'),
        input: { language: 'lb' },
      }),
    )
    const [first, second] = [await next(), await next()]
    const event = [first, second].find((m) => m.channel === bridgeChannel('status'))
    const answer = [first, second].find((m) => m.id === 2)
    expect(event).toMatchObject({ payload: { settings: { language: 'lb' } } })
    expect(answer).toMatchObject({ result: { ok: true, value: { language: 'lb' } } })

    socket.send(JSON.stringify({ id: 3, channel: bridgeChannel('unlock'), input: { pin: 'x' } }))
    expect(await next()).toMatchObject({
      id: 3,
      result: { ok: false, error: { code: 'VALIDATION_FAILED' } },
    })
    socket.send(JSON.stringify({ id: 4, channel: 'rewardflow:eval', input: {} }))
    expect(await next()).toMatchObject({
      id: 4,
      result: { ok: false, error: { code: 'NOT_FOUND' } },
    })
    socket.close()
  })

  it.skipIf(!hasSocat)(
    'sends a serial scanner’s reads to the page as scan events (socat pseudo-terminals)',
    async () => {
      const dir = mkdtempSync(path.join(work, 'serial-'))
      const cable = await plugIn(dir)
      const scanner = await runSettingsScanner(core)
      try {
        const { socket, next, messages } = await connect(host.url.replace(/\/$/, ''))
        await core.updateSettings({
          scanner: {
            transport: 'serial',
            port: cable.scannerPath,
            suffix: 'CR',
            keyboardLayout: 'us',
          },
        })
        expect(await next()).toMatchObject({ channel: bridgeChannel('status') })
        // The scanner opens the port in the background: read again until a read arrives.
        const scanOf = () => messages.find((m) => m.channel === bridgeChannel('scan'))
        for (let i = 0; i < 100 && !scanOf(); i++) {
          send(cable, '635871343293\r')
          await new Promise((resolve) => setTimeout(resolve, 200))
        }
        const scan = scanOf()
        expect(scan).toMatchObject({
          channel: bridgeChannel('scan'),
          payload: { text: '635871343293', source: expect.stringContaining('serial') },
        })
        socket.close()
      } finally {
        await scanner.stop()
        await unplug(cable)
      }
    },
    30_000,
  )

  it('refuses a WebSocket from another origin (a page elsewhere cannot drive the kiosk)', async () => {
    await expect(connect('http://evil.example')).rejects.toThrow(/HTTP 401/)
    await expect(connect('')).rejects.toThrow()
  })
})
