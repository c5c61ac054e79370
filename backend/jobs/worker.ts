import type { Knex } from 'knex'
import pg from 'pg'
import { EventEmitter } from 'node:events'
import { run, type Runner, type Task, type TaskList, type WorkerEvents } from 'graphile-worker'
import type { Config } from '../config.ts'
import type { Logger } from '../logger.ts'
import { createMailer, type Mailer } from '../email/mailer.ts'
import { CRONTAB, JOB_NAMES } from './job-names.ts'
import type { JobHandlers } from './handlers.ts'
import { workerLogger } from './worker-logger.ts'
import { startWorkerLiveness } from './worker-liveness.ts'

export class MissingJobHandlerError extends Error {
  constructor(readonly missing: string[]) {
    super(`The worker has no handler for job(s): ${missing.join(', ')}. Refusing to start.`)
    this.name = 'MissingJobHandlerError'
  }
}

/** Every job name used in the code and in the crontab must have a handler. */
export const assertEveryJobHasHandler = (handlers: Partial<Record<string, unknown>>) => {
  const cronNames = CRONTAB.map((line) => line.trim().split(/\s+/)[5] ?? '')
  const missing = [...new Set([...JOB_NAMES, ...cronNames])].filter(
    (name) => typeof handlers[name] !== 'function',
  )
  if (missing.length > 0) throw new MissingJobHandlerError(missing)
}

export type WorkerOptions = {
  connectionString: string
  db: Knex
  log: Logger
  config: Config
  /** SMTP connection pools for email jobs; by default the worker's own, closed when it stops. */
  mailer?: Mailer
  concurrency: number
  handlers: Partial<JobHandlers>
  pollInterval?: number
  /** Counts failed attempts per task (Prometheus), when this process also serves /metrics. */
  onFailure?: (task: string) => void
  /** A worker process silent this long is declared dead and its jobs unlocked (default 60). */
  deadAfterSeconds?: number
  /** This process was declared dead by another while stalled: stop it (default: log only). */
  onLeaseLost?: () => void
}

/**
 * Starts the job worker (graphile-worker on the same PostgreSQL). Failures are retried with
 * exponential backoff by graphile-worker and every failure is logged with the job id.
 */
export const startWorker = async (options: WorkerOptions): Promise<Runner> => {
  assertEveryJobHasHandler(options.handlers)
  const { db, log, config } = options
  const mailer = options.mailer ?? createMailer()
  const liveness = await startWorkerLiveness({
    db,
    log,
    deadAfterSeconds: options.deadAfterSeconds ?? 60,
    onLeaseLost: options.onLeaseLost ?? (() => undefined),
  })
  const taskList: TaskList = Object.fromEntries(
    Object.entries(options.handlers).map(([name, handler]) => {
      const task: Task = async (payload, helpers) => {
        const jobLog = log.child({
          job_id: helpers.job.id,
          task: name,
          attempt: helpers.job.attempts,
        })
        await (handler as (p: unknown, c: unknown, h: unknown) => Promise<void>)(
          payload ?? {},
          { db, log: jobLog, config, mailer, workerProcessId: liveness.id },
          helpers,
        )
      }
      return [name, task]
    }),
  )
  // Our own pool, so its errors are logged (not an unhandled 'error' event that kills the
  // process while the database is going away) and so we end it after the runner has stopped.
  const pgPool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.concurrency + 2,
  })
  pgPool.on('error', (error) => log.warn({ err: error }, 'job queue connection error'))
  const events: WorkerEvents = new EventEmitter()
  events.on('worker:create', ({ worker }) => liveness.addWorkerId(worker.workerId))
  const runner = await run({
    pgPool,
    events,
    concurrency: options.concurrency,
    noHandleSignals: true,
    pollInterval: options.pollInterval ?? 2000,
    logger: workerLogger(log),
    taskList,
    crontab: CRONTAB.join('\n'),
  })
  runner.events.on('job:failed', ({ job, error }) => {
    options.onFailure?.(job.task_identifier)
    log.error(
      {
        job_id: job.id,
        task: job.task_identifier,
        attempts: job.attempts,
        max_attempts: job.max_attempts,
        err: error,
      },
      'job failed',
    )
  })
  // Its workers exist now: record their ids at once, not at the first timed beat.
  await liveness.beat()
  const stop = runner.stop.bind(runner)
  runner.stop = async () => {
    try {
      await stop()
      await liveness.stop()
    } finally {
      if (!options.mailer) mailer.close()
      await pgPool.end()
    }
  }
  return runner
}
