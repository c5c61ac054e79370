import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'

// The real backend as a separate process, as a kiosk meets it: for the benchmarks, the e2e
// journeys and the kiosk tests. Nothing of backend/ is imported (kiosks only speak HTTP to it):
// its scripts run in processes of their own.

export const ROOT = path.resolve(import.meta.dirname, '../../..')

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })

/** Starts `backend/main.ts` with `env` and waits until /readyz answers on `port`. */
export const startBackendProcess = async (options: {
  port: number
  env: NodeJS.ProcessEnv
  nodeArgs?: string[]
  stdio?: 'ignore' | 'inherit'
  timeoutMs?: number
}): Promise<ChildProcess> => {
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', 'backend/main.ts'],
    {
      cwd: ROOT,
      env: options.env,
      stdio: ['ignore', 'ignore', options.stdio ?? 'ignore'],
    },
  )
  const deadline = Date.now() + (options.timeoutMs ?? 120_000)
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the backend exited with ${child.exitCode}`)
    const ready = await fetch(`http://127.0.0.1:${options.port}/readyz`).then(
      (r) => r.ok,
      () => false,
    )
    if (ready) return child
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error('the backend did not start')
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

export type DemoDatabase = {
  /** What a production backend on it needs (NODE_ENV, DATABASE_URL, per-run keys). */
  env: Record<string, string>
  description: string
  /** Drops or stops the scratch database. */
  stop: () => Promise<void>
}

/**
 * A scratch PostgreSQL with the demo data, seeded before any production backend starts (the
 * production configuration refuses to seed it), held by `backend/bench/demo-database-process.ts`
 * in a process of its own: embedded, or a scratch database on `databaseUrl`'s server. The demo
 * API key is written to `dataDir/demo-api-key.txt`.
 */
export const startDemoDatabase = async (options: {
  dataDir: string
  databaseUrl?: string
}): Promise<DemoDatabase> => {
  const { DATABASE_URL: _external, ...inherited } = process.env
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'backend/bench/demo-database-process.ts'],
    {
      cwd: ROOT,
      env: {
        ...inherited,
        NODE_ENV: 'development',
        DATA_DIR: options.dataDir,
        ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      },
      // Its stdin stays open while we run: when this process dies, the database goes with it.
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  )
  const line = await new Promise<string>((resolve, reject) => {
    let out = ''
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const end = out.indexOf('\n')
      if (end < 0) return
      child.stdout.off('data', onData)
      resolve(out.slice(0, end))
    }
    child.stdout.on('data', onData)
    child.once('exit', (code) => reject(new Error(`the demo database exited with ${code}: ${out}`)))
  })
  const { env, description } = JSON.parse(line) as Omit<DemoDatabase, 'stop'>
  return { env, description, stop: () => stopProcess(child) }
}

/** Stops a process (SIGTERM: graceful, SIGKILL: a crash) and waits for it to exit. */
export const stopProcess = async (
  child: ChildProcess | null,
  signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM',
) => {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill(signal)
  await exited
}

/** A one-time pairing code (XXXX-XXXX) for a store, as `npm run kiosk:pair` prints it. */
/** Runs one of the backend's CLIs (`backend/cli/<script>`) and returns what `answer` finds in its output. */
const runCli = (env: NodeJS.ProcessEnv, script: string, args: string[], answer: RegExp) =>
  new Promise<string>((resolve, reject) => {
    const cli = spawn(process.execPath, ['--import', 'tsx', `backend/cli/${script}`, ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    cli.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    cli.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
    cli.on('exit', (code) => {
      const match = answer.exec(out)
      if (code === 0 && match) resolve(match[1]!)
      else reject(new Error(`${script} failed: ${out}`))
    })
  })

/** A one-time pairing code for a store, as `npm run kiosk:pair` prints it. */
export const pairingCodeFor = (env: NodeJS.ProcessEnv, storeCode: string) =>
  runCli(env, 'pair-kiosk.ts', ['--store', storeCode], /^\s+([A-Z0-9]{4}-[A-Z0-9]{4})\s*$/m)

/** A new platform admin's one-time link, as `npm run admin:create` prints it. */
export const adminLinkFor = (env: NodeJS.ProcessEnv, email: string, name: string) =>
  runCli(
    env,
    'create-admin.ts',
    ['--email', email, '--name', name],
    /^\s+(https?:\/\/\S+\/admin\/invitation\/\S+)\s*$/m,
  )

/** A new API key of a merchant, as `npm run apikey:create` makes and prints it. */
export const apiKeyFor = (env: NodeJS.ProcessEnv, merchantSlug: string) =>
  runCli(env, 'create-api-key.ts', ['--merchant', merchantSlug, '--name', 'test'], /^(rfk_\S+)$/m)

/** The ledger check, as `npm run ledger:check` runs it: its verdict, or a failure listing the cards. */
export const ledgerCheckFor = (env: NodeJS.ProcessEnv) =>
  runCli(env, 'check-ledger.ts', [], /^(All \d+ card balances equal their ledger sums\.)$/m)
