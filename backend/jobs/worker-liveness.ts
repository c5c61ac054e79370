import { randomUUID } from 'node:crypto'
import os from 'node:os'
import type { Knex } from 'knex'
import type { Logger } from '../logger.ts'

/**
 * A worker process's lease on its jobs. graphile-worker locks a job for the worker running it
 * and, if that process dies without a word (SIGKILL, a host lost), gives the job back only four
 * hours later. So each worker process keeps a row in `job_worker_processes` fresh (every quarter
 * of `deadAfterSeconds`), and at each beat also looks for processes silent for longer than
 * `deadAfterSeconds`: it removes their rows and unlocks their jobs in the same statement
 * (`graphile_worker.force_unlock_workers`), so the jobs run again at once on a live worker.
 *
 * A process that finds its own row gone was declared dead while it was merely stalled (its
 * jobs may already be running elsewhere): it must stop, and `onLeaseLost` is called once.
 */
export type WorkerLiveness = {
  /** This process's id, written on what it claims (an email's sending attempt). */
  id: string
  /** graphile-worker's ids of this process's workers, recorded as the pool creates them. */
  addWorkerId: (workerId: string) => void
  /** One beat now: record this process, reap the dead. Runs by itself on a timer. */
  beat: () => Promise<{ reaped: { id: string; host: string; pid: number; jobs: number }[] }>
  /** Stop beating and remove this process's row (a clean stop leaves no lease behind). */
  stop: () => Promise<void>
}

export const startWorkerLiveness = async (options: {
  db: Knex
  log: Logger
  deadAfterSeconds: number
  onLeaseLost: () => void
}): Promise<WorkerLiveness> => {
  const { db, log, deadAfterSeconds } = options
  const id = randomUUID()
  const workerIds: string[] = []
  let lost = false
  await db('job_worker_processes').insert({ id, host: os.hostname(), pid: process.pid })

  const beat: WorkerLiveness['beat'] = async () => {
    const touched = await db('job_worker_processes')
      .where({ id })
      .update({ seen_at: db.fn.now(), worker_ids: workerIds })
    if (touched === 0 && !lost) {
      lost = true
      log.error(
        { worker_process: id, dead_after_seconds: deadAfterSeconds },
        'this worker was silent too long and was declared dead by another; its jobs may run elsewhere: stopping',
      )
      options.onLeaseLost()
    }
    const { rows } = await db.raw<{
      rows: { id: string; host: string; pid: number; jobs: number }[]
    }>(
      `WITH dead AS (
         DELETE FROM job_worker_processes
          WHERE seen_at < now() - make_interval(secs => ?) AND id <> ?
          RETURNING id, host, pid, worker_ids)
       SELECT d.id, d.host, d.pid,
              (SELECT count(*)::int FROM graphile_worker._private_jobs j
                WHERE j.locked_by = ANY (d.worker_ids)) AS jobs,
              graphile_worker.force_unlock_workers(d.worker_ids) IS NULL AS unlocked
         FROM dead d`,
      [deadAfterSeconds, id],
    )
    const reaped = rows.map(({ id, host, pid, jobs }) => ({ id, host, pid, jobs }))
    for (const dead of reaped)
      log.warn(
        { dead_worker_process: dead.id, host: dead.host, pid: dead.pid, jobs_unlocked: dead.jobs },
        'a worker process stopped answering: its jobs were given back to the queue',
      )
    return { reaped }
  }

  let running: Promise<unknown> = Promise.resolve()
  const timer = setInterval(
    () => {
      running = beat().catch((error: unknown) =>
        log.warn({ err: error }, 'worker liveness beat failed'),
      )
    },
    Math.max(250, (deadAfterSeconds * 1000) / 4),
  )
  timer.unref()

  return {
    id,
    addWorkerId: (workerId) => void workerIds.push(workerId),
    beat,
    stop: async () => {
      clearInterval(timer)
      await running
      await db('job_worker_processes').where({ id }).delete()
    },
  }
}
