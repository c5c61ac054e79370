import { Logger as WorkerLogger } from 'graphile-worker'
import type { Logger } from '../logger.ts'

/** graphile-worker's logger, writing through our structured logger (job id, task, attempts). */
export const workerLogger = (log: Logger) =>
  new WorkerLogger((scope) => (level, message, meta) => {
    const fields = { ...scope, ...meta }
    if (level === 'error') log.error(fields, message)
    else if (level === 'warning') log.warn(fields, message)
    else if (level === 'info') log.info(fields, message)
    else log.debug(fields, message)
  })
