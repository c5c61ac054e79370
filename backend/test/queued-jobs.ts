import type { Knex } from 'knex'
import type { JobName, JobPayloads } from '../jobs/job-names.ts'
import { loadConfig } from '../config.ts'
import { webAuthSettings } from '../accounts/settings.ts'
import { runPasswordResetJob } from '../accounts/password-reset-job.ts'

/**
 * Runs the queued jobs of one name in this process, as the worker would, and removes them: for
 * tests that need a job's effect without starting a worker. graphile-worker keeps payloads in
 * its private table (its public view leaves them out).
 */
export const runQueuedJobs = async <N extends JobName>(
  knex: Knex,
  name: N,
  run: (payload: JobPayloads[N]) => Promise<unknown>,
): Promise<number> => {
  const jobs = await knex('graphile_worker._private_jobs as j')
    .join('graphile_worker._private_tasks as t', 't.id', 'j.task_id')
    .where('t.identifier', name)
    .orderBy('j.id')
    .select<{ id: string; payload: JobPayloads[N] }[]>('j.id', 'j.payload')
  for (const job of jobs) {
    await run(job.payload)
    await knex('graphile_worker._private_jobs').where({ id: job.id }).delete()
  }
  return jobs.length
}

/** The storefront's forgot-password jobs, run now (the emails of known addresses get queued). */
export const runPasswordResetJobs = (knex: Knex): Promise<number> => {
  const settings = webAuthSettings(
    loadConfig({ ...process.env, BASE_URL: 'http://localhost', DATABASE_URL: undefined }),
  )
  return runQueuedJobs(knex, 'accounts:password-reset', (job) =>
    runPasswordResetJob(knex, settings, job),
  )
}
