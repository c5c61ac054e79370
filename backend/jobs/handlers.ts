import type { Knex } from 'knex'
import type { JobHelpers } from 'graphile-worker'
import type { Logger } from '../logger.ts'
import type { JobName, JobPayloads } from './job-names.ts'
import { expirePoints } from '../loyalty/commands/expire-points.ts'
import { purgeExpiredWebRecords } from '../web/sessions/purge-expired.ts'

export type JobContext = { db: Knex; log: Logger }

export type JobHandler<N extends JobName> = (
  payload: JobPayloads[N],
  context: JobContext,
  helpers: JobHelpers,
) => Promise<void>

export type JobHandlers = { [N in JobName]: JobHandler<N> }

/** The handler of every job name. */
export const jobHandlers: JobHandlers = {
  'points:expire': async (payload, { db, log }) => {
    const run = await expirePoints(db, { ...(payload.now ? { now: new Date(payload.now) } : {}) })
    log.info({ job: 'points:expire', ...run }, 'points expiry run finished')
  },
  'web:purge-expired': async (_payload, { db, log }) => {
    const purged = await purgeExpiredWebRecords(db)
    log.info({ job: 'web:purge-expired', ...purged }, 'expired web records purged')
  },
}
