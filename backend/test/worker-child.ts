import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { freePort } from '../db/embedded.ts'

const ROOT = path.resolve(import.meta.dirname, '..', '..')

export type WorkerChild = { child: ChildProcess; output: () => string }

/**
 * A worker-only process (PROCESS_ROLES=worker) started as production starts it, on the test's
 * database; resolves once it runs. `env` adds settings (WORKER_DEAD_AFTER_SECONDS …).
 */
export const startWorkerChild = async (
  databaseUrl: string,
  env: Record<string, string>,
): Promise<WorkerChild> => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'backend/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PROCESS_ROLES: 'worker',
      WORKER_HTTP_PORT: String(await freePort()),
      HOST: '127.0.0.1',
      SMTP_HOST: 'smtp.invalid',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const deadline = Date.now() + 120_000
  while (!output.includes('RewardFlow is running')) {
    if (child.exitCode !== null) throw new Error(`the worker exited:\n${output}`)
    if (Date.now() > deadline) throw new Error(`the worker did not start:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return { child, output: () => output }
}
