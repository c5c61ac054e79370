import { createLogger } from '../logger.ts'
import { openDemoDatabase } from './demo-database.ts'
import { benchProductionEnv } from './production-env.ts'

// The demo database of the kiosk benchmarks (bench:sync, bench:kiosk), which import nothing of
// backend/ and so run this in a process of their own (electron/core/test/backend-process.ts,
// startDemoDatabase): a scratch database with the demo data (on DATABASE_URL's server when set,
// else embedded), the demo API key in DATA_DIR/demo-api-key.txt. Prints one JSON line, the
// environment of a production backend on it (benchProductionEnv), and holds the database until
// SIGTERM, SIGINT or the end of stdin (its parent gone), then drops or stops it.

const dataDir = process.env.DATA_DIR
if (!dataDir) throw new Error('DATA_DIR: required (where demo-api-key.txt goes)')
const log = createLogger(process.env.LOG_LEVEL === 'debug' ? 'debug' : 'warn')
const database = await openDemoDatabase(log, dataDir)

let disposing: Promise<void> | null = null
const dispose = () => {
  disposing ??= database.dispose().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
process.once('SIGTERM', dispose)
process.once('SIGINT', dispose)
process.stdin.on('end', dispose)
process.stdin.resume()

console.log(
  JSON.stringify({
    description: database.description,
    env: benchProductionEnv(database.url),
  }),
)
