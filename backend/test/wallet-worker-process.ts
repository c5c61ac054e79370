import { loadConfig } from '../config.ts'
import { createKnex } from '../db/knex.ts'
import { createLogger } from '../logger.ts'
import { jobHandlers } from '../jobs/handlers.ts'
import { startWorker } from '../jobs/worker.ts'

// One real worker process (graphile-worker with every job handler) on DATABASE_URL, for the
// tests and the benchmark that prove a limit holds across processes. Prints "worker ready",
// stops on SIGTERM.
const config = loadConfig()
const log = createLogger(config.logLevel)
const db = createKnex(config.databaseUrl!, { poolMax: config.workerConcurrency + 4 })
const runner = await startWorker({
  connectionString: config.databaseUrl!,
  db,
  log,
  config,
  concurrency: config.workerConcurrency,
  handlers: jobHandlers,
  pollInterval: 100,
})
// The parent waits for this line on stdout.
process.stdout.write('worker ready\n')
process.on('SIGTERM', () => {
  void runner
    .stop()
    .then(() => db.destroy())
    .then(() => process.exit(0))
})
