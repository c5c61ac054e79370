import type { Server } from 'node:http'
import type { Knex } from 'knex'
import { createApp, type AppDeps } from '../app.ts'
import { createLogger } from '../logger.ts'
import { loadConfig } from '../config.ts'

// Tests assert response bodies field by field; a loose type keeps those assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonBody = any

export type TestApp = {
  url: string
  /** fetch relative to the app, JSON in and out. */
  request: (
    method: string,
    path: string,
    options?: { body?: unknown; token?: string; headers?: Record<string, string> },
  ) => Promise<{ status: number; body: JsonBody; headers: Headers }>
  close: () => Promise<void>
}

/**
 * The real Koa app on a real HTTP port, over the test file's database; `env` adds or overrides
 * configuration variables (TRUST_PROXY, limits …).
 */
export const startTestApp = async (
  knex: Knex,
  env: Record<string, string> = {},
  deps: Pick<AppDeps, 'domainResolver'> = {},
): Promise<TestApp> => {
  const app = createApp({
    ...deps,
    config: loadConfig({
      ...process.env,
      BASE_URL: 'http://localhost',
      DATABASE_URL: undefined,
      ...env,
    }),
    db: knex,
    log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    version: { version: '0.0.0-test', commit: 'test' },
    baseUrl: 'http://localhost',
  })
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const address = server.address()
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  return {
    url,
    request: async (method, path, options = {}) => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      })
      const text = await response.text()
      let body: unknown = text
      try {
        body = JSON.parse(text)
      } catch {
        // HTML pages stay text.
      }
      return { status: response.status, body, headers: response.headers }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
