import type { Knex } from 'knex'
import { enqueueJob } from '../jobs/enqueue.ts'
import { EMAIL_JOB_KEY_PREFIX, EMAIL_SEND_MAX_ATTEMPTS, emailJobKey } from './queue-email.ts'
import { abandonedAttempt } from './send-email.ts'

/**
 * Gives a sending job back to every email that should have one and has none: rows queued
 * before the sending job existed, or whose job was removed by hand, and rows left `sending` by
 * a worker that died mid-attempt (long ago, or whose process is gone). Emails never wait forever in silence (docs/lessons.md #6).
 * Returns how many it requeued.
 */
export const requeueOrphanedEmails = async (
  db: Knex,
  options: { olderThanMinutes?: number; limit?: number } = {},
): Promise<number> => {
  const ids: string[] = await db('outbound_emails as e')
    .where((q) =>
      q.where('e.status', 'queued').orWhere((abandoned) => abandonedAttempt(abandoned, 'e')),
    )
    .whereRaw('e.created_at < now() - make_interval(mins => ?)', [options.olderThanMinutes ?? 5])
    .whereNotExists((q) =>
      q
        .select(db.raw('1'))
        .from('graphile_worker.jobs as j')
        .whereRaw('j.key = ? || e.id::text', [EMAIL_JOB_KEY_PREFIX]),
    )
    .orderBy('e.created_at')
    .limit(options.limit ?? 1000)
    .pluck('e.id')
  for (const id of ids)
    await enqueueJob(
      db,
      'email:send',
      { outboundEmailId: id },
      { jobKey: emailJobKey(id), maxAttempts: EMAIL_SEND_MAX_ATTEMPTS },
    )
  return ids.length
}
