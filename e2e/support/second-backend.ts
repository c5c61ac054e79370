import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '../..')

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })

/**
 * A second RewardFlow web process on the e2e database (it shares the running embedded
 * PostgreSQL), that a journey can stop and start again: the backend a kiosk loses and finds.
 */
export const startSecondBackend = async () => {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  let child: ChildProcess | null = null

  const start = async () => {
    const { DATABASE_URL: _external, ...env } = process.env
    child = spawn(process.execPath, ['--import', 'tsx', 'backend/main.ts'], {
      cwd: ROOT,
      env: {
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
        BASE_URL: `http://localhost:${port}`,
        DATA_DIR: process.env.E2E_DATA_DIR!,
        PROCESS_ROLES: 'web',
        KIOSK_WEB_PORT: '0',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    const deadline = Date.now() + 60_000
    while (
      !(await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (child.exitCode !== null) throw new Error(`the second backend exited ${child.exitCode}`)
      if (Date.now() > deadline) throw new Error('the second backend did not start')
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }

  const stop = async () => {
    const running = child
    child = null
    if (!running || running.exitCode !== null) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    running.kill('SIGTERM')
    await exited
  }

  await start()
  return { url, start, stop }
}
