import { execFile } from 'node:child_process'
import { builtinModules } from 'node:module'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import vm from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BRIDGE_METHODS, bridgeChannel } from '../shared/kiosk-bridge.ts'
import { buildShell } from './build-shell.ts'

// Electron cannot be downloaded here, so the bundles are checked without it: the main bundle
// parses and imports only electron, Node and the native modules; the preload runs in a bare
// V8 context, as in a sandboxed renderer, with a stand-in for the few electron modules it gets.

describe('build-shell', () => {
  let outDir: string
  beforeAll(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'rewardflow-shell-'))
    await buildShell({ outDir })
  }, 60_000)
  afterAll(() => rm(outDir, { recursive: true, force: true }))

  it('bundles a main process that Node can parse and that imports no bundlable package', async () => {
    await promisify(execFile)(process.execPath, ['--check', path.join(outDir, 'main.js')])
    const source = await readFile(path.join(outDir, 'main.js'), 'utf8')
    const imports = new Set(
      [...source.matchAll(/^import\b[^"]*?from "([^"]+)"/gm)].map((match) => match[1] ?? ''),
    )
    const packages = [...imports].filter(
      (name) => !name.startsWith('node:') && !builtinModules.includes(name) && name !== 'electron',
    )
    expect(packages.sort()).toEqual(['better-sqlite3-multiple-ciphers', 'node-hid', 'serialport'])
    expect(imports.has('electron')).toBe(true)
  })

  it('bundles a preload that runs sandboxed and exposes the whole bridge', async () => {
    const source = await readFile(path.join(outDir, 'preload.cjs'), 'utf8')
    const required: string[] = []
    const exposed: Record<string, unknown> = {}
    const invoked: string[] = []
    const electron = {
      contextBridge: {
        exposeInMainWorld: (key: string, api: unknown) => {
          exposed[key] = api
        },
      },
      ipcRenderer: {
        invoke: async (channel: string) => {
          invoked.push(channel)
          return { ok: true, value: {} }
        },
        on: () => undefined,
        removeListener: () => undefined,
      },
    }
    const module = { exports: {} }
    const context = vm.createContext({
      module,
      exports: module.exports,
      console,
      require: (name: string) => {
        required.push(name)
        if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`)
        return electron
      },
    })
    vm.runInContext(source, context, { filename: 'preload.cjs' })
    expect(required).toEqual(['electron'])
    const bridge = exposed.rewardflow as Record<string, unknown>
    expect(Object.keys(bridge).sort()).toEqual([...Object.keys(BRIDGE_METHODS), 'on'].sort())
    const lock = bridge.lock as (input: unknown) => Promise<unknown>
    expect(await lock({})).toEqual({ ok: true, value: {} })
    expect(invoked).toEqual([bridgeChannel('lock')])
  })
})
