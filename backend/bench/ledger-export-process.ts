import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createKnex } from '../db/knex.ts'
import { EXPORT_COLUMNS } from '../exports/export-columns.ts'
import { exportBatches, type LedgerExportRow } from '../exports/queries/export-rows.ts'
import { csvBatchStream } from '../http/csv.ts'

// A merchant's whole ledger export in a process of its own — the same cursor and CSV writer as
// /api/v1/exports/ledger.csv — into a sink that drains slower than PostgreSQL reads, so the
// backpressure must hold the cursor back. Prints one JSON line: rows, bytes, seconds and the
// kernel's peak RSS of this process (getrusage maxrss: every byte it ever held, no sampling gap).
// Run with a small heap (`--max-old-space-size=40`): an export that held its rows would die.
//
//   node --max-old-space-size=40 --import tsx backend/bench/ledger-export-process.ts <url> <merchant>

const [url, merchantId] = process.argv.slice(2)
if (!url || !merchantId)
  throw new Error('usage: ledger-export-process.ts <database url> <merchant id>')

const db = createKnex(url, { poolMax: 2, bindModels: false })
const started = performance.now()
let rows = 0
let bytes = 0
const counted = (async function* () {
  for await (const batch of exportBatches<LedgerExportRow>(db, merchantId, {
    kind: 'ledger',
    storeIds: null,
  })) {
    rows += batch.length
    yield batch
  }
})()
const sink = new Writable({
  highWaterMark: 64 * 1024,
  write(chunk: Buffer, _encoding, done) {
    bytes += chunk.length
    setImmediate(done)
  },
})
await pipeline(csvBatchStream(counted, EXPORT_COLUMNS.ledger), sink)
await db.destroy()
const seconds = (performance.now() - started) / 1000
process.stdout.write(
  `${JSON.stringify({
    rows,
    bytes,
    seconds,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    heap_used_mb: Math.round(process.memoryUsage().heapUsed / 1024 / 1024),
  })}\n`,
)
