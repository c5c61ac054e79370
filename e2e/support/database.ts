import { readFileSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'

/**
 * A connection to the e2e server's embedded PostgreSQL (its credentials and port are in the data
 * folder), for what a journey must read behind the pages: the outgoing emails, say. Another
 * server's (startEmptyBackend's) with its DATA_DIR.
 */
export const e2eDatabase = (dataDir = process.env.E2E_DATA_DIR!) => {
  const dir = path.join(dataDir, 'pg')
  const credentials = JSON.parse(readFileSync(`${dir}.credentials.json`, 'utf8')) as {
    user: string
    password: string
  }
  const owner = JSON.parse(readFileSync(`${dir}.owner.json`, 'utf8')) as { port: number }
  const url = `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${owner.port}/rewardflow`
  return {
    query: async <R extends pg.QueryResultRow>(sql: string, values: unknown[] = []) => {
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        return (await client.query<R>(sql, values)).rows
      } finally {
        await client.end()
      }
    },
  }
}
