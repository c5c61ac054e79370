import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { queueEmail } from './queue-email.ts'
import { requeueOrphanedEmails } from './requeue-orphaned-emails.ts'
import { SAMPLE_VARIABLES } from './template-variables.ts'

const db = useTestDatabase()

const jobKeys = async () =>
  (await db.knex('graphile_worker.jobs').where('task_identifier', 'email:send').pluck('key')).sort()

describe('requeueing orphaned emails', () => {
  it('gives a sending job back to an email left without one, and to none that has one', async () => {
    const { id: withJob } = await db.knex.transaction((trx) =>
      queueEmail(trx, {
        template: 'password_reset',
        to: 'with-job@example.lu',
        language: 'en',
        merchantId: null,
        storeId: null,
        variables: SAMPLE_VARIABLES.password_reset,
      }),
    )
    const insert = (status: string, to: string, lastAttemptMinutesAgo: number | null) =>
      db
        .knex('outbound_emails')
        .insert({
          template: 'password_reset',
          to_address: to,
          language: 'en',
          variables: JSON.stringify(SAMPLE_VARIABLES.password_reset),
          status,
          created_at: db.knex.raw("now() - interval '1 hour'"),
          last_attempt_at:
            lastAttemptMinutesAgo === null
              ? null
              : db.knex.raw('now() - make_interval(mins => ?)', [lastAttemptMinutesAgo]),
        })
        .returning('id')
        .then(([row]) => row.id as string)
    const orphan = await insert('queued', 'orphan@example.lu', null)
    const crashed = await insert('sending', 'crashed@example.lu', 30)
    await insert('sending', 'in-flight@example.lu', 1)
    await insert('sent', 'sent@example.lu', 30)
    await insert('failed', 'failed@example.lu', 30)
    // Old enough to be looked at, but it has its job.
    await db
      .knex('outbound_emails')
      .where('id', withJob)
      .update({ created_at: db.knex.raw("now() - interval '1 hour'") })

    expect(await requeueOrphanedEmails(db.knex)).toBe(2)
    expect(await jobKeys()).toEqual(
      [`email:${withJob}`, `email:${orphan}`, `email:${crashed}`].sort(),
    )
    expect(await requeueOrphanedEmails(db.knex)).toBe(0)
  })
})
