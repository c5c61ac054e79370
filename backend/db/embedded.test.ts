import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { createLogger } from '../logger.ts'
import { startEmbeddedPostgres } from './embedded.ts'

const folder = mkdtempSync(path.join(os.tmpdir(), 'rf-embedded-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

const selectOne = async (url: string) => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query('SELECT 1 AS one')).rows[0].one as number
  } finally {
    await client.end()
  }
}

describe('embedded PostgreSQL', () => {
  it('lets a second process (a CLI next to npm start) share the running server, never stop it', async () => {
    const dir = path.join(folder, 'pg')
    const server = await startEmbeddedPostgres({ dir, log: createLogger('silent'), fast: true })
    try {
      const script = `
        import { startEmbeddedPostgres } from './backend/db/embedded.ts'
        import { createLogger } from './backend/logger.ts'
        const db = await startEmbeddedPostgres({ dir: ${JSON.stringify(dir)}, log: createLogger('silent') })
        console.log(db.port)
        await db.stop()`
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        { cwd: path.resolve(import.meta.dirname, '../..') },
      )
      expect(Number(stdout.trim())).toBe(server.port)
      expect(await selectOne(server.adminUrl)).toBe(1)
    } finally {
      await server.stop()
    }
  }, 60_000)
})
