import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { inject } from 'vitest'
import {
  apiKeyFor,
  ledgerCheckFor,
  freePort,
  pairingCodeFor,
  startBackendProcess,
  stopProcess,
} from './backend-process.ts'

// Test support: the real backend as a separate process (as a kiosk meets it), on a fresh
// database cloned from the suite's migrated template. Nothing of backend/ is imported.

const { BASE_URL: _viteBase, ...inherited } = process.env

const admin = async (sql: string) => {
  const client = new pg.Client({ connectionString: inject('pgAdminUrl') })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

export type TestBackend = {
  url: string
  databaseUrl: string
  query: <R extends pg.QueryResultRow>(sql: string, values?: unknown[]) => Promise<R[]>
  start: () => Promise<void>
  /** SIGTERM (graceful) or SIGKILL (crash). */
  stop: (signal?: 'SIGTERM' | 'SIGKILL') => Promise<void>
  pairingCode: (store: string) => Promise<string>
  /** A new API key of a merchant (by slug), made by the backend's CLI. */
  apiKey: (merchantSlug: string) => Promise<string>
  /** Runs `npm run ledger:check` on this backend's database: resolves with its verdict. */
  ledgerCheck: () => Promise<string>
  dispose: () => Promise<void>
}

export const createTestBackend = async (): Promise<TestBackend> => {
  const name = `rf_test_${randomBytes(6).toString('hex')}`
  await admin(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`)
  const url = new URL(inject('pgAdminUrl'))
  url.pathname = `/${name}`
  const databaseUrl = url.toString()
  const port = await freePort()
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rf-backend-'))
  const env = {
    ...inherited,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    KIOSK_WEB_PORT: '0',
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 })
  // The database is dropped WITH (FORCE) at dispose: an idle client's termination is expected.
  pool.on('error', () => {})
  let child: ChildProcess | null = null

  const start = async () => {
    child = await startBackendProcess({ port, env, timeoutMs: 60_000 })
  }
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    await stopProcess(child, signal)
    child = null
  }
  return {
    url: `http://127.0.0.1:${port}`,
    databaseUrl,
    query: async (sql, values = []) => (await pool.query(sql, values)).rows,
    start,
    stop,
    pairingCode: async (store) => (await pairingCodeFor(env, store)).replace('-', ''),
    apiKey: (merchantSlug) => apiKeyFor(env, merchantSlug),
    ledgerCheck: () => ledgerCheckFor(env),
    dispose: async () => {
      await stop('SIGKILL')
      await pool.end()
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    },
  }
}
