import type { Queryable } from '../db/transaction.ts'
import type { JobName, JobPayloads } from './job-names.ts'

export type EnqueueOptions = {
  runAt?: Date
  maxAttempts?: number
  /** Jobs with the same key replace each other while pending (coalescing). */
  jobKey?: string
  /** How a pending job with the same key is merged ('preserve_run_at': its time is kept). */
  jobKeyMode?: 'replace' | 'preserve_run_at'
  queueName?: string
  priority?: number
}

/**
 * Adds a job through the caller's connection. Given a transaction, the job exists only if that
 * transaction commits: a change and the job it causes are never separated.
 */
export const enqueueJob = async <N extends JobName>(
  db: Queryable,
  name: N,
  payload: JobPayloads[N],
  options: EnqueueOptions = {},
): Promise<string> => {
  const { rows } = await db.raw<{ rows: { id: string }[] }>(
    `SELECT id::text FROM graphile_worker.add_job(
       identifier => :name, payload => :payload::json, queue_name => :queueName,
       run_at => :runAt::timestamptz, max_attempts => :maxAttempts::int, job_key => :jobKey,
       priority => :priority::int, job_key_mode => :jobKeyMode)`,
    {
      name,
      payload: JSON.stringify(payload),
      queueName: options.queueName ?? null,
      runAt: options.runAt ?? null,
      maxAttempts: options.maxAttempts ?? 10,
      jobKey: options.jobKey ?? null,
      priority: options.priority ?? null,
      jobKeyMode: options.jobKeyMode ?? 'replace',
    },
  )
  return rows[0]!.id
}
