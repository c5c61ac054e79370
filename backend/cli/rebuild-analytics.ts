import { runWithDatabase } from './run-with-database.ts'
import { rebuildAnalytics } from '../analytics/rebuild-summaries.ts'

// npm run analytics:rebuild — every analytics summary recomputed from the whole ledger in one
// transaction (set-based: minutes for ten million entries where the job's backfill takes hours);
// the job `analytics:refresh` carries on from where the rebuild stopped. The analytics views
// wait while it runs. For a first build, after a restore, or to check the summaries.
await runWithDatabase(async (db) => {
  const run = await rebuildAnalytics(db.knex)
  console.log(
    `Analytics rebuilt to ${run.until.toISOString()}: ${run.entries} ledger entries, ` +
      `${run.newMembers} members.`,
  )
  console.table(run.seconds)
})
