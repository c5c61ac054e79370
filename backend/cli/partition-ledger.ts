import { runWithDatabase } from './run-with-database.ts'
import { partitionLedger } from '../loyalty/ledger-partitions.ts'

// npm run db:partition-ledger — converts ledger_entries into monthly partitions (once, in a
// maintenance window: it holds the ledger for the whole copy), then on each later run adds the
// months ahead that are missing. docs/scaling.md, "The ledger partitioned by month".
await runWithDatabase(async (db) => {
  const report = await partitionLedger(db.knex)
  console.log(
    report.converted
      ? `ledger_entries partitioned by month: ${report.entries} entries moved, ${report.partitionsCreated.length} partitions, ${report.seconds.toFixed(1)} s.`
      : `ledger_entries is partitioned already; ${report.partitionsCreated.length} months added (${report.partitionsCreated.join(', ') || 'none missing'}).`,
  )
})
