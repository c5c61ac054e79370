import { spawn } from 'node:child_process'
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../db/embedded.ts'
import { benchProductionEnv } from './production-env.ts'

// The real RewardFlow web process (backend/main.ts), as production runs it (NODE_ENV=production,
// keys of its own: benchProductionEnv), in a child process so that its CPU is its own and the
// load generator is a separate client on loopback.

export type ServerProcess = {
  baseUrl: string
  port: number
  pid: number
  /** SIGTERM, then wait for the exit (SIGKILL after 25 s). Safe to call twice. */
  stop: () => Promise<void>
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const getStatus = (url: string) =>
  new Promise<number>((resolve, reject) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.setTimeout(2_000, () => req.destroy(new Error('timeout')))
  })

/**
 * Starts `backend/main.ts` in production on a free loopback port against `databaseUrl` (demo
 * data, when wanted, seeded before: openDemoDatabase); resolves once /healthz is 200.
 */
export const startServerProcess = async (options: {
  databaseUrl: string
  dataDir: string
  env?: Record<string, string>
  /** Extra node flags, e.g. ['--cpu-prof'] to see where the server's time goes. */
  nodeArgs?: string[]
  /** How long it may take to become healthy (60 s; more on a machine loaded by other work). */
  startSeconds?: number
}): Promise<ServerProcess> => {
  const port = await freePort()
  const args = [...(options.nodeArgs ?? []), '--import', 'tsx', 'backend/main.ts']
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...benchProductionEnv(options.databaseUrl),
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: options.dataDir,
      PROCESS_ROLES: 'web',
      LOG_LEVEL: 'warn',
      KIOSK_WEB_PORT: '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000)
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let spawnError: Error | null = null
  child.once('error', (error) => (spawnError = error))

  // If the benchmark dies without stop(), the server does not outlive it.
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  process.on('exit', onExit)

  const stop = async () => {
    process.off('exit', onExit)
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const killer = setTimeout(() => child.kill('SIGKILL'), 25_000)
    await exited
    clearTimeout(killer)
  }

  const baseUrl = `http://127.0.0.1:${port}`
  const startSeconds = options.startSeconds ?? 60
  const deadline = Date.now() + startSeconds * 1000
  for (;;) {
    if (spawnError) throw new Error('the server could not be started', { cause: spawnError })
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the server exited before it was healthy:\n${output.trim()}`)
    const status = await getStatus(`${baseUrl}/healthz`).catch(() => 0)
    if (status === 200) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`the server was not healthy within ${startSeconds} s:\n${output.trim()}`)
    }
    await sleep(200)
  }
  return { baseUrl, port, pid: child.pid!, stop }
}
