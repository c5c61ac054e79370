import { runWithDatabase } from './run-with-database.ts'
import { findBalanceMismatches } from '../loyalty/check-balances.ts'

// npm run ledger:check — exits 1 and lists every card whose balance disagrees with its ledger.
await runWithDatabase(async (db) => {
  const mismatches = await findBalanceMismatches(db.knex)
  const cards = await db.knex('cards').count({ n: '*' }).first()
  if (mismatches.length === 0) {
    console.log(`All ${cards?.n ?? 0} card balances equal their ledger sums.`)
  } else {
    console.table(mismatches)
    process.exitCode = 1
  }
})
