import type { ChildProcess } from 'node:child_process'
import {
  freePort,
  startBackendProcess,
  stopProcess,
} from '../../electron/core/test/backend-process.ts'

/**
 * A second RewardFlow web process on the e2e database (it shares the running embedded
 * PostgreSQL), that a journey can stop and start again: the backend a kiosk loses and finds.
 */
export const startSecondBackend = async () => {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const { DATABASE_URL: _external, ...env } = process.env
  let child: ChildProcess | null = null

  const start = async () => {
    child = await startBackendProcess({
      port,
      stdio: 'inherit',
      timeoutMs: 60_000,
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
    })
  }

  const stop = async () => {
    const running = child
    child = null
    await stopProcess(running)
  }

  await start()
  return { url, start, stop }
}
