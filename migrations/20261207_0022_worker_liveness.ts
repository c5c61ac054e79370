import type { Knex } from 'knex'

// A worker process killed outright (SIGKILL, a lost host) leaves its jobs locked: graphile-worker
// gives them back only after four hours. Each worker process now says it is alive here every few
// seconds; another worker that finds it silent for too long unlocks its jobs at once
// (graphile_worker.force_unlock_workers) and removes its row. An email whose sending attempt was
// claimed by a process that is no longer listed may be taken over without waiting for the
// 15-minute staleness rule (outbound_emails.claimed_by).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE job_worker_processes (
      id text PRIMARY KEY,
      host text NOT NULL,
      pid integer NOT NULL,
      worker_ids text[] NOT NULL DEFAULT '{}',
      started_at timestamptz NOT NULL DEFAULT now(),
      seen_at timestamptz NOT NULL DEFAULT now()
    )`)
  await knex.raw('ALTER TABLE outbound_emails ADD COLUMN claimed_by text')
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE outbound_emails DROP COLUMN claimed_by')
  await knex.raw('DROP TABLE job_worker_processes')
}
