import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { generateScaleMerchant } from '../bench/scale-data.ts'
import { useTestDatabase } from '../test/test-database.ts'

// The ledger export streams: 100,000 generated entries (about 20 MB of CSV, several times that
// as rows in memory) go out of a process whose heap is capped at 32 MB, through the real cursor
// and CSV writer into a slow sink. Holding the rows would end in "heap out of memory".

const db = useTestDatabase()
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

describe('the ledger export', () => {
  it('streams 100,000 entries in a process with a 32 MB heap', async () => {
    const scale = await generateScaleMerchant(db.knex, {
      customers: 10_000,
      entriesPerCard: 10,
      stores: 2,
      kiosksPerStore: 1,
      heavyEntries: 10,
    })
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--max-old-space-size=32',
        '--import',
        'tsx',
        'backend/bench/ledger-export-process.ts',
        db.url,
        scale.merchantId,
      ],
      { cwd: root, timeout: 120_000 },
    )
    const run = JSON.parse(stdout.trim().split('\n').pop()!)
    expect(run.rows).toBe(scale.entries)
    expect(run.rows).toBeGreaterThan(95_000)
    expect(run.bytes).toBeGreaterThan(run.rows * 100)
    expect(run.heap_used_mb).toBeLessThan(32)
  }, 180_000)
})
